import { describe, expect, it } from 'vitest';
import { translator } from './strings.ts';

const t = translator({
  greeting: 'Hello, {name}!',
  found: 'Found {count} face',
  found_other: 'Found {count} faces',
  plain: 'No face found yet.',
} as const);

describe('translator', () => {
  it('fills {placeholders} from the values given', () => {
    expect(t('greeting', { name: 'Ada' })).toBe('Hello, Ada!');
    expect(t('plain')).toBe('No face found yet.');
  });

  it('picks the plural form from a numeric count', () => {
    expect(t('found', { count: 1 })).toBe('Found 1 face');
    expect(t('found', { count: 0 })).toBe('Found 0 faces');
    expect(t('found', { count: 3 })).toBe('Found 3 faces');
  });

  it('refuses a missing value rather than printing a raw placeholder', () => {
    expect(() => t('greeting')).toThrow(/needs a value for \{name\}/);
  });

  it('refuses an unknown key at run time (TypeScript refuses it at build time)', () => {
    // @ts-expect-error: not a key of the strings above
    expect(() => t('nope')).toThrow(/No text for the key "nope"/);
  });
});
