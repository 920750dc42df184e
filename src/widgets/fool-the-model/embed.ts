/** How the fool-the-model widget is embedded (/embed/fool-the-model/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'fool-the-model',
  title: 'Fool the model',
  description:
    'A short game: make the computer say “happy” without smiling — and see that it reads a face, not what you feel.',
  lesson: 'limits-bias-privacy',
  height: 800,
  options: {
    hide: hideControls({
      score: ['The score and “Reset the game”', '.ftm-top'],
      list: ['The list of all challenges', '.ftm-list'],
    }),
  },
});
