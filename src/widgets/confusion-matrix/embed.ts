/** How the confusion-matrix widget is embedded (/embed/confusion-matrix/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { matrixText } from './text.ts';

export const embed: WidgetEmbed = {
  id: 'confusion-matrix',
  element: 'confusion-matrix',
  title: matrixText('embed.title'),
  description: matrixText('embed.description'),
  lesson: 'comparing-models',
  height: 900,
  options: {
    hide: hideControls({
      model: [matrixText('embed.hide.model'), '.cm-controls > .cm-field:not(.cm-mode)'],
      mode: [matrixText('embed.hide.mode'), '.cm-mode'],
    }),
  },
};
