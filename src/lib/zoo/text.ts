/** The reader-visible names of the zoo's models (see ../strings.ts). */
import { translator } from '../strings.ts';
import strings from './strings.json' with { type: 'json' };

export const zooText = translator(strings);
