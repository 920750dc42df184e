/** The reader-visible names and descriptions of the filter presets (see ../strings.ts). */
import { translator } from '../strings.ts';
import strings from './strings.json' with { type: 'json' };

export const convolutionText = translator(strings);
