/** How the convolution-playground widget is embedded (/embed/convolution-playground/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { playgroundText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'convolution-playground',
  title: playgroundText('embed.title'),
  description: playgroundText('embed.description'),
  lesson: 'sliding-windows-convolutions',
  height: 1100,
  options: {
    hide: hideControls({
      numbers: playgroundText('embed.hide.numbers'),
      stepper: playgroundText('embed.hide.stepper'),
      settings: playgroundText('embed.hide.settings'),
    }),
  },
});
