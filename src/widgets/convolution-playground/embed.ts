/** How the convolution-playground widget is embedded (/embed/convolution-playground/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'convolution-playground',
  title: 'Convolution playground',
  description:
    'Slide a 3 × 3 filter over a face and watch edges, lines and spots light up in the feature map.',
  lesson: 'sliding-windows-convolutions',
  height: 1100,
  options: {
    hide: hideControls({
      numbers: ['Typing your own filter numbers (the presets stay)', '.cp-kernel'],
      stepper: ['The step-by-step animation', '.cp-stepper'],
      settings: ['Stride and padding', '.cp-settings'],
    }),
  },
});
