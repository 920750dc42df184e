/** The convolution playground's reader-visible text (see src/lib/strings.ts). */
import { translator } from '../../lib/strings.ts';
import strings from './strings.json' with { type: 'json' };

export const playgroundText = translator(strings);

/** A count as the playground writes it: 2,116. */
export const formatCount = (n: number) => n.toLocaleString('en-GB');
