/** How the feature-maps widget is embedded (/embed/feature-maps/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { featureMapsText } from './text.ts';

export const embed: WidgetEmbed = pickerWidget({
  // Standalone: with its own picture picker (inside the live demo it is fed by the demo).
  id: 'feature-maps',
  props: { standalone: true },
  title: featureMapsText('embed.title'),
  description: featureMapsText('embed.description'),
  lesson: 'stacking-layers',
  height: 700,
});
