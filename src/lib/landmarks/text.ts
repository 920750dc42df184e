/** The reader-visible text of the face-mesh measurements and rules (see ../strings.ts). */
import { translator } from '../strings.ts';
import strings from './strings.json' with { type: 'json' };

export const landmarksText = translator(strings);
