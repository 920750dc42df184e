/** How the cnn-anatomy widget is embedded (/embed/cnn-anatomy/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = {
  id: 'cnn-anatomy',
  element: 'cnn-anatomy',
  title: 'Inside our network, layer by layer',
  description:
    'A diagram of the real network that reads emotions: every layer, the size of what it passes on, and how many numbers it learned.',
  lesson: 'stacking-layers',
  height: 1000,
  options: {},
};
