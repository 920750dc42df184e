/** How the transfer-lab widget is embedded (/embed/transfer-lab/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { labText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'transfer-lab',
  title: labText('embed.title'),
  description: labText('embed.description'),
  lesson: 'transfer-learning',
  height: 1100,
});
