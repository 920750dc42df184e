/** How the fool-the-model widget is embedded (/embed/fool-the-model/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { gameText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'fool-the-model',
  title: gameText('embed.title'),
  description: gameText('embed.description'),
  lesson: 'limits-bias-privacy',
  height: 800,
  options: {
    hide: hideControls({
      score: [gameText('embed.hide.score'), '.ftm-top'],
      list: [gameText('embed.hide.list'), '.ftm-list'],
    }),
  },
});
