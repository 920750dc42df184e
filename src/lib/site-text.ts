/**
 * The site's reader-visible text written in TypeScript (progress, quizzes, the offline copy; see ./strings.ts). It sits
 * in src/lib/ because both src/components/ and src/lib/ may import from here under the import rules.
 */
import strings from './site-strings.json' with { type: 'json' };
import { translator } from './strings.ts';

export const siteText = translator(strings);
