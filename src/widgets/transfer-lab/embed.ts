/** How the transfer-lab widget is embedded (/embed/transfer-lab/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'transfer-lab',
  title: 'Teach the network new faces',
  description:
    'Name a few new expressions, show the camera some examples of each, and train a new head on top of our network in the browser.',
  lesson: 'transfer-learning',
  height: 1100,
});
