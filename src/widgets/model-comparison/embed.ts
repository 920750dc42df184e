/** How the model-comparison widget is embedded (/embed/model-comparison/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = {
  id: 'model-comparison',
  element: 'model-comparison',
  title: 'Comparing models honestly',
  description:
    'Several networks side by side on the same test pictures: accuracy, size, training time and speed on your own device.',
  lesson: 'comparing-models',
  height: 900,
  options: {
    hide: hideControls({
      metrics: ['The “Compare by” choice', '.mc-metrics'],
      speed: ['Measuring the speed on this device', '.mc-speed'],
      table: ['The table of all the numbers', '.mc-table'],
    }),
  },
};
