/** How the face-mesh widget is embedded (/embed/face-mesh/): see WidgetEmbed in src/lib/embed/widgets.ts. */
import { pickerWidget, hideControls, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export const embed: WidgetEmbed = pickerWidget({
  id: 'face-mesh',
  title: 'The face mesh',
  description:
    'Points on the face instead of pixels: see the landmarks the computer tracks and how their distances describe an expression.',
  lesson: 'face-mesh',
  height: 1000,
  options: {
    hide: hideControls({
      neutral: ['Choosing the neutral face', '.fm-neutral-row'],
      rules: ['The rules on the changes', 'section[aria-labelledby="fm-rules-title"]'],
    }),
  },
});
