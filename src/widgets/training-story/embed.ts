/** How the training-story widget is embedded (/embed/training-story/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { storyText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  // Four parts, each its own element: the embed shows them all; the teacher may hide some.
  id: 'training-story',
  props: [
    { part: 'history', id: 'history' },
    { part: 'classes', id: 'classes' },
    { part: 'faces', id: 'faces' },
    { part: 'augment', id: 'augment' },
  ],
  title: storyText('embed.title'),
  description: storyText('embed.description'),
  lesson: 'learning-by-nudging',
  height: 1200,
  photoHelp: storyText('embed.photoHelp'),
  options: {
    hide: hideControls({
      history: [storyText('embed.hide.history'), 'training-story[data-part="history"]'],
      classes: [storyText('embed.hide.classes'), 'training-story[data-part="classes"]'],
      faces: [storyText('embed.hide.faces'), 'training-story[data-part="faces"]'],
      augment: [storyText('embed.hide.augment'), 'training-story[data-part="augment"]'],
    }),
  },
});
