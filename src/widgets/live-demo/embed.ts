/** How the live-demo widget is embedded (/embed/live-demo/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import {
  pickerWidget,
  hideControls,
  shareWithHost,
  type WidgetEmbed,
} from '../../lib/embed/widgets.ts';
import { MAX_PREDICTIONS_PER_SECOND } from '../../lib/embed/messages.ts';

export const embed: WidgetEmbed = pickerWidget({
  // Reads range (and backend); the embed page hides its parts by selector (data-ld names).
  id: 'live-demo',
  title: 'Live emotion demo',
  description:
    'The computer finds each face in the camera picture or a photo and shows its guess for seven emotions, with the scores.',
  lesson: 'can-a-computer-read-a-face',
  height: 900,
  options: {
    range: {
      type: 'choice',
      label: 'Faces are…',
      help: 'Far: for a camera at the back of the room (a little slower).',
      attribute: 'range',
      default: 'short',
      choices: [
        { value: 'short', label: 'Near the camera (up to about 2 m)' },
        { value: 'full', label: 'Far from the camera (up to about 5 m)' },
      ],
    },
    hide: hideControls({
      range: ['The near/far choice', '[data-ld="range"]'],
      inside: ['“Look inside the network”', '.ld-inside'],
      meta: ['The technical line (engine, frames per second)', '.ld-meta'],
    }),
    share: shareWithHost(
      { scores: 'Send my page the emotion scores of each face (never the picture)' },
      `Off unless you tick it. When on, your page receives the scores up to ${MAX_PREDICTIONS_PER_SECOND} times a second, and the demo tells students that the page around it gets them. Only for pages with their own code that uses them.`,
    ),
  },
});
