/** The pixel grid's reader-visible text (see src/lib/strings.ts). */
import { translator } from '../../lib/strings.ts';
import strings from './strings.json' with { type: 'json' };

export const gridText = translator(strings);
