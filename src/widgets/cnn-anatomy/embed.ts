/** How the cnn-anatomy widget is embedded (/embed/cnn-anatomy/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { anatomyText } from './text.ts';

export const embed: WidgetEmbed = {
  id: 'cnn-anatomy',
  element: 'cnn-anatomy',
  title: anatomyText('embed.title'),
  description: anatomyText('embed.description'),
  lesson: 'stacking-layers',
  height: 1000,
  options: {},
};
