/** The reader-visible text of the ML modules: backend names, and the errors a reader's browser or connection can cause (see ../strings.ts). */
import { translator } from '../strings.ts';
import strings from './strings.json' with { type: 'json' };

export const mlText = translator(strings);
