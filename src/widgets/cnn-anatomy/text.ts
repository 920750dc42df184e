/** The CNN anatomy diagram's reader-visible text (see src/lib/strings.ts). */
import { translator } from '../../lib/strings.ts';
import strings from './strings.json' with { type: 'json' };

export const anatomyText = translator(strings);
