/** How the pixel-grid widget is embedded (/embed/pixel-grid/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { gridText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'pixel-grid',
  title: gridText('embed.title'),
  description: gridText('embed.description'),
  lesson: 'a-picture-is-a-grid-of-numbers',
  height: 1000,
  options: {
    hide: hideControls({
      size: [gridText('embed.hide.size'), '.pg-size'],
      channels: [gridText('embed.hide.channels'), '.pg-channels-box'],
      array: [gridText('embed.hide.array'), '.pg-array'],
    }),
  },
});
