/** The reader-visible text of the embed builder, the embed pages and the options they share (see ../strings.ts). */
import { translator } from '../strings.ts';
import strings from './strings.json' with { type: 'json' };

export const embedText = translator(strings);
