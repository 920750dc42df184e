/**
 * Embed options: what a teacher can set in the address of an embedded widget, PhET / TensorFlow
 * Playground style — `/embed/convolution-playground/?preset=sobel-x&hide=stride,padding&theme=dark`.
 *
 * Each widget declares its options once (src/lib/embed/widgets.ts). From that declaration this module
 *  - reads an address's query string into typed values (`parseOptions`): unknown keys and invalid
 *    values are set aside and the default is used, so no address can break a page;
 *  - writes values back to the shortest query string (`serializeOptions`): defaults are left out, keys
 *    come in declaration order, so the same state always gives the same link;
 *  - turns values into the attributes the widget's custom element reads (`toAttributes`), and the
 *    element's attributes back into values (`fromAttributes`), so a widget that reflects its state in
 *    its attributes keeps the shareable link up to date.
 *
 * Pure functions, no DOM: used at build time, in the embed pages, in the builder on /teach/ and in tests.
 */

interface OptionBase {
  /** Short label for the embed builder ("Kernel at the start"). */
  label: string;
  /** One sentence of help shown under the field in the builder. */
  help?: string;
  /**
   * The attribute of the widget's custom element that receives the value. Without it the option is
   * handled by the embed page itself (theme, reduced motion, title).
   */
  attribute?: string;
}

/** On/off. In the element, the attribute is present (empty) when the value equals `present`. */
export interface BooleanOption extends OptionBase {
  type: 'boolean';
  default: boolean;
  /** The value for which the attribute is set (default true): `camera` off → `no-camera` present. */
  present?: boolean;
  /**
   * Elements (a CSS selector inside the widget's element) the embed page hides itself while the
   * attribute is present — for widgets that do not read the attribute (yet).
   */
  hides?: string;
}

export interface Choice {
  value: string;
  label: string;
  /**
   * In a set of controls to hide: the elements (CSS selector inside the widget's element) that make
   * up this control, `[data-control="<value>"]` by default; the embed page hides them itself, so a
   * widget need not read its `hide` attribute (it may, e.g. to re-flow its layout).
   */
  selector?: string;
}

/** One of a few named values; the attribute's value is the choice's value. */
export interface ChoiceOption extends OptionBase {
  type: 'choice';
  default: string;
  choices: readonly Choice[];
}

/** A number in a range, rounded to `step`; the attribute's value is the number. */
export interface NumberOption extends OptionBase {
  type: 'number';
  default: number;
  min: number;
  max: number;
  step?: number;
}

/**
 * Any subset of named values (e.g. controls to hide, results to share); in the address a
 * comma-separated list, `none` or `all`; in the element a space-separated list (like `class`).
 */
export interface SetOption extends OptionBase {
  type: 'set';
  default: readonly string[];
  choices: readonly Choice[];
  /** The choices are parts of the widget, and the embed page hides the chosen ones ("hide=…"). */
  hidesChosen?: boolean;
}

export type OptionSpec = BooleanOption | ChoiceOption | NumberOption | SetOption;
export type OptionValue = boolean | string | number | readonly string[];
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
export type OptionValues = Record<string, OptionValue>;

/** A query parameter that was not used, and why (shown in the console as information, never an error). */
export interface IgnoredParam {
  key: string;
  value: string;
  reason: 'unknown' | 'invalid' | 'repeated';
}

/** Longest parameter value we look at; anything longer is not a value any option accepts. */
const MAX_VALUE_LENGTH = 300;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

function has(specs: OptionSpecs, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(specs, key);
}

/** The default value of every option. */
export function defaultValues(specs: OptionSpecs): OptionValues {
  const out: OptionValues = {};
  for (const [key, spec] of Object.entries(specs))
    out[key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  return out;
}

/** Read one raw value; undefined when the option cannot accept it. */
export function parseValue(spec: OptionSpec, raw: string): OptionValue | undefined {
  const text = raw.trim();
  if (text.length > MAX_VALUE_LENGTH) return undefined;
  switch (spec.type) {
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return undefined;
    }
    case 'choice': {
      const word = text.toLowerCase();
      return spec.choices.find((c) => c.value.toLowerCase() === word)?.value;
    }
    case 'number': {
      if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
      const n = Number(text);
      if (!Number.isFinite(n) || n < spec.min || n > spec.max) return undefined;
      return roundToStep(spec, n);
    }
    case 'set': {
      const word = text.toLowerCase();
      if (word === '' || word === 'none') return [];
      if (word === 'all') return spec.choices.map((c) => c.value);
      const tokens = word.split(/[\s,]+/).filter(Boolean);
      const known = spec.choices
        .filter((c) => tokens.includes(c.value.toLowerCase()))
        .map((c) => c.value);
      // Every token must be known: a typo should not silently hide less than asked for.
      if (known.length !== new Set(tokens).size) return undefined;
      return known;
    }
  }
}

function roundToStep(spec: NumberOption, n: number): number {
  const step = spec.step ?? 1;
  const r = spec.min + Math.round((n - spec.min) / step) * step;
  // Keep 0.1-steps free of floating-point noise (0.30000000000000004).
  const decimals = (String(step).split('.')[1] ?? '').length;
  return Math.min(spec.max, Math.max(spec.min, Number(r.toFixed(decimals))));
}

/**
 * Read a query string (or URLSearchParams) into values for `specs`. Never throws: unknown keys,
 * repeated keys (first one wins) and invalid values end up in `ignored`, and the default is used.
 */
export function parseOptions(
  specs: OptionSpecs,
  query: string | URLSearchParams,
): { values: OptionValues; ignored: IgnoredParam[] } {
  const values = defaultValues(specs);
  const ignored: IgnoredParam[] = [];
  let params: URLSearchParams;
  try {
    params = typeof query === 'string' ? new URLSearchParams(query) : query;
  } catch {
    return { values, ignored };
  }
  const seen = new Set<string>();
  for (const [rawKey, raw] of params) {
    const key = rawKey.trim();
    if (!has(specs, key)) {
      ignored.push({ key, value: raw, reason: 'unknown' });
      continue;
    }
    if (seen.has(key)) {
      ignored.push({ key, value: raw, reason: 'repeated' });
      continue;
    }
    seen.add(key);
    const v = parseValue(specs[key]!, raw);
    if (v === undefined) ignored.push({ key, value: raw, reason: 'invalid' });
    else values[key] = v;
  }
  return { values, ignored };
}

function sameValue(a: OptionValue | undefined, b: OptionValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
  return a === b;
}

/** The text of one value in an address. */
export function formatValue(spec: OptionSpec, value: OptionValue): string {
  switch (spec.type) {
    case 'boolean':
      return value ? 'on' : 'off';
    case 'set': {
      const list = spec.choices
        .map((c) => c.value)
        .filter((v) => (value as readonly string[]).includes(v));
      if (list.length === 0) return 'none';
      return list.join(',');
    }
    default:
      return String(value);
  }
}

/** Check a value against its spec (for values that did not come from parseOptions). */
export function isValidValue(spec: OptionSpec, value: unknown): value is OptionValue {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return typeof value === 'string' && spec.choices.some((c) => c.value === value);
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= spec.min &&
        value <= spec.max
      );
    case 'set':
      return Array.isArray(value) && value.every((v) => spec.choices.some((c) => c.value === v));
  }
}

/**
 * The query string for `values` (without "?"): only the options that differ from their default, in
 * declaration order. Invalid or unknown values are left out, so the link always opens cleanly.
 */
export function serializeOptions(specs: OptionSpecs, values: Partial<OptionValues>): string {
  const params = new URLSearchParams();
  for (const [key, spec] of Object.entries(specs)) {
    const v = values[key];
    if (v === undefined || !isValidValue(spec, v) || sameValue(v, spec.default as OptionValue))
      continue;
    params.set(key, formatValue(spec, v));
  }
  // URLSearchParams encodes "," as %2C; a comma is safe in a query and easier to read and type.
  return params.toString().replace(/%2C/gi, ',');
}

/**
 * The attributes to set on the widget's element: name → value, or null to remove it. Every option
 * with an attribute appears, so applying the result twice is harmless.
 */
export function toAttributes(
  specs: OptionSpecs,
  values: Partial<OptionValues>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, spec] of Object.entries(specs)) {
    if (!spec.attribute) continue;
    const v = values[key];
    const value = v !== undefined && isValidValue(spec, v) ? v : (spec.default as OptionValue);
    switch (spec.type) {
      case 'boolean':
        out[spec.attribute] = value === (spec.present ?? true) ? '' : null;
        break;
      case 'set': {
        const list = spec.choices
          .map((c) => c.value)
          .filter((c) => (value as readonly string[]).includes(c));
        out[spec.attribute] = list.length > 0 ? list.join(' ') : null;
        break;
      }
      default:
        // Defaults are written too: the widget shows exactly what the link says.
        out[spec.attribute] = String(value);
    }
  }
  return out;
}

/**
 * The values an element's attributes stand for (the inverse of toAttributes). Options without an
 * attribute keep the value from `base`; attributes the widget set to something we do not know keep
 * `base` too.
 */
export function fromAttributes(
  specs: OptionSpecs,
  getAttribute: (name: string) => string | null,
  base: OptionValues = defaultValues(specs),
): OptionValues {
  const out: OptionValues = { ...base };
  for (const [key, spec] of Object.entries(specs)) {
    if (!spec.attribute) continue;
    const raw = getAttribute(spec.attribute);
    switch (spec.type) {
      case 'boolean': {
        const present = spec.present ?? true;
        out[key] = raw !== null ? present : !present;
        break;
      }
      case 'set': {
        if (raw === null) out[key] = [];
        else {
          const tokens = raw.split(/\s+/).filter(Boolean);
          out[key] = spec.choices.map((c) => c.value).filter((v) => tokens.includes(v));
        }
        break;
      }
      default: {
        if (raw === null) out[key] = spec.default;
        else {
          const v = parseValue(spec, raw);
          if (v !== undefined) out[key] = v;
        }
      }
    }
  }
  return out;
}

/**
 * The selectors of the elements the embed page must hide for these values: the chosen controls of a
 * set option that hides them, and boolean options whose attribute is present and that name elements
 * to hide.
 */
export function selectorsToHide(specs: OptionSpecs, values: Partial<OptionValues>): string[] {
  const out: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const v = values[key];
    const value = v !== undefined && isValidValue(spec, v) ? v : (spec.default as OptionValue);
    if (spec.type === 'set' && spec.hidesChosen) {
      for (const c of spec.choices) {
        if ((value as readonly string[]).includes(c.value))
          out.push(c.selector ?? `[data-control="${c.value}"]`);
      }
    } else if (spec.type === 'boolean' && spec.hides && value === (spec.present ?? true)) {
      out.push(spec.hides);
    }
  }
  return out;
}
