/** The reader-visible text of the vision pipeline's errors (see ../strings.ts). */
import { translator } from '../strings.ts';
import strings from './strings.json' with { type: 'json' };

export const visionText = translator(strings);
