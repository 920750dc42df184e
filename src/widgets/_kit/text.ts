/** The kit's reader-visible text, shared by every widget that says the same thing (see src/lib/strings.ts). */
import { translator } from '../../lib/strings.ts';
import strings from './strings.json' with { type: 'json' };

export const kitText = translator(strings);
