/** How the live-demo widget is embedded (/embed/live-demo/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import {
  pickerWidget,
  hideControls,
  shareWithHost,
  type WidgetEmbed,
} from '../../lib/embed/widgets.ts';
import { MAX_PREDICTIONS_PER_SECOND } from '../../lib/embed/messages.ts';
import { demoText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  // Reads range (and backend); the embed page hides its parts by selector (data-ld names).
  id: 'live-demo',
  title: demoText('embed.title'),
  description: demoText('embed.description'),
  lesson: 'can-a-computer-read-a-face',
  height: 900,
  options: {
    range: {
      type: 'choice',
      label: demoText('embed.range.label'),
      help: demoText('embed.range.help'),
      attribute: 'range',
      default: 'short',
      choices: [
        { value: 'short', label: demoText('embed.range.near') },
        { value: 'full', label: demoText('embed.range.far') },
      ],
    },
    hide: hideControls({
      range: [demoText('embed.hide.range'), '[data-ld="range"]'],
      inside: [demoText('embed.hide.inside'), '.ld-inside'],
      meta: [demoText('embed.hide.meta'), '.ld-meta'],
    }),
    share: shareWithHost(
      { scores: demoText('embed.share.scores') },
      demoText('embed.share.help', { perSecond: MAX_PREDICTIONS_PER_SECOND }),
    ),
  },
});
