/** How the pixel-grid widget is embedded (/embed/pixel-grid/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'pixel-grid',
  title: 'A face as a grid of numbers',
  description:
    'Zoom into a face until it becomes a grid of grey squares, and read the number behind each square.',
  lesson: 'a-picture-is-a-grid-of-numbers',
  height: 1000,
  options: {
    hide: hideControls({
      size: ['The grid size slider', '.pg-size'],
      channels: ['The red, green and blue channels', '.pg-channels-box'],
      array: ['“The exact array the model receives”', '.pg-array'],
    }),
  },
});
