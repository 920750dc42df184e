/** How the face-mesh widget is embedded (/embed/face-mesh/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { meshText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'face-mesh',
  title: meshText('embed.title'),
  description: meshText('embed.description'),
  lesson: 'face-mesh',
  height: 1000,
  options: {
    hide: hideControls({
      neutral: [meshText('embed.hide.neutral'), '.fm-neutral-row'],
      rules: [meshText('embed.hide.rules'), 'section[aria-labelledby="fm-rules-title"]'],
    }),
  },
});
