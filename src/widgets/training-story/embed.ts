/** How the training-story widget is embedded (/embed/training-story/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = pickerWidget({
  // Four parts, each its own element: the embed shows them all; the teacher may hide some.
  id: 'training-story',
  props: [
    { part: 'history', id: 'history' },
    { part: 'classes', id: 'classes' },
    { part: 'faces', id: 'faces' },
    { part: 'augment', id: 'augment' },
  ],
  title: 'How the network learned',
  description:
    'Two real training runs, epoch by epoch — one made to overfit, one with our recipe: how wrong the network was on pictures it learned from and on pictures kept aside.',
  lesson: 'learning-by-nudging',
  height: 1200,
  photoHelp: 'The part with flips and turns opens on this photo.',
  options: {
    hide: hideControls({
      history: [
        'The training charts (loss and accuracy per epoch)',
        'training-story[data-part="history"]',
      ],
      classes: ['How many pictures each emotion has', 'training-story[data-part="classes"]'],
      faces: ['The average face of each emotion', 'training-story[data-part="faces"]'],
      augment: ['Flips and turns on your own photo', 'training-story[data-part="augment"]'],
    }),
  },
});
