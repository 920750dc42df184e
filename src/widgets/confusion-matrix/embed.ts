/** How the confusion-matrix widget is embedded (/embed/confusion-matrix/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = {
  id: 'confusion-matrix',
  element: 'confusion-matrix',
  title: 'Which emotions get mixed up',
  description:
    'A confusion matrix of our network on the test pictures; each cell explains itself in words.',
  lesson: 'comparing-models',
  height: 900,
  options: {
    hide: hideControls({
      model: ['The choice of model', '.cm-controls > .cm-field:not(.cm-mode)'],
      mode: ['Counts or percentages', '.cm-mode'],
    }),
  },
};
