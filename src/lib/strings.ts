/**
 * Reader-visible text written in TypeScript lives in keyed JSON files (one per widget, one for the
 * kit, one for the site), read through `translator()`. Wording stays in one place and a second
 * language later is another file, not a hunt. The model is Starlight's `translations/en.json` + `t()`.
 *
 *   strings.json  { "found": "Found {count} face", "found_other": "Found {count} faces" }
 *   const t = translator(strings);   t('found', { count: 2 })  →  "Found 2 faces"
 *
 * Placeholders are `{name}`. Plurals follow i18next's convention: with a numeric `count`, the key
 * `<key>_<plural category>` (`_one`, `_other`) wins over `<key>` when it exists.
 */
export type Strings = Readonly<Record<string, string>>;
export type Vars = Readonly<Record<string, string | number>>;

/** A key as callers write it: plural forms are asked for by their base name. */
type BaseKey<K extends string> =
  K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

const englishPlurals = new Intl.PluralRules('en');

export function translator<S extends Strings>(strings: S) {
  return function t(key: BaseKey<keyof S & string>, vars: Vars = {}): string {
    const count = vars.count;
    const plural =
      typeof count === 'number' ? strings[`${key}_${englishPlurals.select(count)}`] : undefined;
    const template = plural ?? strings[key] ?? strings[`${key}_other`];
    if (template === undefined) throw new Error(`No text for the key "${key}"`);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`The text "${key}" needs a value for {${name}}`);
      return String(value);
    });
  };
}
