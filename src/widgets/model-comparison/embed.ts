/** How the model-comparison widget is embedded (/embed/model-comparison/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { comparisonText } from './text.ts';

export const embed: WidgetEmbed = {
  id: 'model-comparison',
  element: 'model-comparison',
  title: comparisonText('embed.title'),
  description: comparisonText('embed.description'),
  lesson: 'comparing-models',
  height: 900,
  options: {
    hide: hideControls({
      metrics: [comparisonText('embed.hide.metrics'), '.mc-metrics'],
      speed: [comparisonText('embed.hide.speed'), '.mc-speed'],
      table: [comparisonText('embed.hide.table'), '.mc-table'],
    }),
  },
};
