/** The fool-the-model game's reader-visible text (see src/lib/strings.ts). */
import { translator } from '../../lib/strings.ts';
import strings from './strings.json' with { type: 'json' };

export const gameText = translator(strings);
