import { describe, expect, it } from 'vitest';
import {
  defaultValues,
  formatValue,
  fromAttributes,
  parseOptions,
  parseValue,
  selectorsToHide,
  serializeOptions,
  toAttributes,
  type OptionSpecs,
} from './options.ts';

const specs = {
  preset: {
    type: 'choice',
    label: 'Kernel',
    attribute: 'preset',
    default: 'identity',
    choices: [
      { value: 'identity', label: 'Identity' },
      { value: 'sobel-x', label: 'Sobel x' },
      { value: 'blur', label: 'Blur' },
    ],
  },
  hide: {
    type: 'set',
    label: 'Hide',
    attribute: 'hide',
    default: [],
    hidesChosen: true,
    choices: [
      { value: 'editor', label: 'Editor', selector: '[data-control="editor"]' },
      { value: 'stride', label: 'Stride' },
      { value: 'padding', label: 'Padding', selector: '.padding' },
    ],
  },
  camera: {
    type: 'boolean',
    label: 'Camera',
    attribute: 'no-camera',
    present: false,
    default: true,
    hides: '.camera',
  },
  size: { type: 'number', label: 'Size', attribute: 'size', default: 48, min: 8, max: 96, step: 8 },
  zoom: {
    type: 'number',
    label: 'Zoom',
    attribute: 'zoom',
    default: 1,
    min: 0.5,
    max: 2,
    step: 0.1,
  },
  theme: {
    type: 'choice',
    label: 'Colours',
    default: 'auto',
    choices: [
      { value: 'auto', label: 'Auto' },
      { value: 'dark', label: 'Dark' },
    ],
  },
  title: { type: 'boolean', label: 'Title', default: true },
} satisfies OptionSpecs;

describe('parseOptions', () => {
  it('gives the defaults for an empty address', () => {
    expect(parseOptions(specs, '')).toEqual({ values: defaultValues(specs), ignored: [] });
  });

  it('reads every kind of option', () => {
    const { values, ignored } = parseOptions(
      specs,
      '?preset=sobel-x&hide=stride,editor&camera=off&size=64&zoom=1.5&theme=dark&title=0',
    );
    expect(ignored).toEqual([]);
    expect(values).toEqual({
      preset: 'sobel-x',
      hide: ['editor', 'stride'],
      camera: false,
      size: 64,
      zoom: 1.5,
      theme: 'dark',
      title: false,
    });
  });

  it('accepts friendly spellings: case, spaces, yes/no, true/false, all/none', () => {
    expect(
      parseOptions(specs, 'preset=SOBEL-X&camera=No&title=TRUE&hide=ALL').values,
    ).toMatchObject({
      preset: 'sobel-x',
      camera: false,
      title: true,
      hide: ['editor', 'stride', 'padding'],
    });
    expect(parseOptions(specs, 'hide=none').values.hide).toEqual([]);
    expect(parseOptions(specs, 'hide=editor%20padding').values.hide).toEqual(['editor', 'padding']);
    expect(parseOptions(specs, 'preset=%20blur%20').values.preset).toBe('blur');
  });

  it('falls back to the default for each invalid value, keeping the valid ones', () => {
    const { values, ignored } = parseOptions(
      specs,
      'preset=laplace&hide=editor,bogus&camera=maybe&size=1000&zoom=abc&theme=&title=yes&preset=blur',
    );
    expect(values).toEqual({ ...defaultValues(specs), title: true });
    expect(ignored).toEqual([
      { key: 'preset', value: 'laplace', reason: 'invalid' },
      { key: 'hide', value: 'editor,bogus', reason: 'invalid' },
      { key: 'camera', value: 'maybe', reason: 'invalid' },
      { key: 'size', value: '1000', reason: 'invalid' },
      { key: 'zoom', value: 'abc', reason: 'invalid' },
      { key: 'theme', value: '', reason: 'invalid' },
      { key: 'preset', value: 'blur', reason: 'repeated' },
    ]);
  });

  it('ignores unknown keys, prototype names and absurd input without throwing', () => {
    const evil = `__proto__=x&constructor=y&toString=z&hasOwnProperty=1&${'a'.repeat(5000)}=1&size=${'9'.repeat(400)}&%E0%A4%A=1`;
    const { values, ignored } = parseOptions(specs, evil);
    expect(values).toEqual(defaultValues(specs));
    expect(ignored.map((i) => i.reason)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'invalid',
      'unknown',
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('rounds numbers to their step and refuses numbers in other notations', () => {
    expect(parseValue(specs.size, '60')).toBe(64);
    expect(parseValue(specs.zoom, '0.73')).toBe(0.7);
    expect(parseValue(specs.zoom, '1.2000001')).toBe(1.2);
    for (const bad of ['1e1', '0x10', 'Infinity', 'NaN', '', '--1', '4,5'])
      expect(parseValue(specs.size, bad)).toBeUndefined();
  });

  it('takes URLSearchParams too', () => {
    expect(parseOptions(specs, new URLSearchParams({ preset: 'blur' })).values.preset).toBe('blur');
  });
});

describe('serializeOptions', () => {
  it('leaves defaults out, so the default state is the bare address', () => {
    expect(serializeOptions(specs, defaultValues(specs))).toBe('');
    expect(serializeOptions(specs, {})).toBe('');
  });

  it('writes keys in declaration order and lists in choice order, with readable commas', () => {
    expect(
      serializeOptions(specs, {
        title: false,
        hide: ['padding', 'editor'],
        preset: 'blur',
        camera: false,
        zoom: 1.5,
      }),
    ).toBe('preset=blur&hide=editor,padding&camera=off&zoom=1.5&title=off');
  });

  it('writes "none" for an emptied list whose default is not empty', () => {
    const s: OptionSpecs = { hide: { ...specs.hide, default: ['stride'] } };
    expect(serializeOptions(s, { hide: [] })).toBe('hide=none');
    expect(parseOptions(s, 'hide=none').values.hide).toEqual([]);
  });

  it('drops invalid values instead of writing a broken link', () => {
    expect(
      serializeOptions(specs, {
        preset: 'nope',
        size: 4,
        hide: ['x'],
        camera: 'off' as unknown as boolean,
      }),
    ).toBe('');
  });

  it('round-trips: parse(serialize(v)) gives v back', () => {
    const samples = [
      {
        preset: 'sobel-x',
        hide: ['stride'],
        camera: false,
        size: 16,
        zoom: 0.5,
        theme: 'dark',
        title: false,
      },
      {
        preset: 'identity',
        hide: ['editor', 'stride', 'padding'],
        camera: true,
        size: 96,
        zoom: 2,
        theme: 'auto',
        title: true,
      },
    ];
    for (const v of samples)
      expect(parseOptions(specs, serializeOptions(specs, v)).values).toEqual(v);
  });

  it('formats booleans as on/off and an empty set as none', () => {
    expect(formatValue(specs.camera, false)).toBe('off');
    expect(formatValue(specs.title, true)).toBe('on');
    expect(formatValue(specs.hide, [])).toBe('none');
  });
});

describe('attributes of the widget element', () => {
  it('maps values to attributes: booleans by presence, lists space-separated, page-only options left out', () => {
    expect(
      toAttributes(specs, { preset: 'blur', hide: ['stride', 'editor'], camera: false, size: 16 }),
    ).toEqual({
      preset: 'blur',
      hide: 'editor stride',
      'no-camera': '',
      size: '16',
      zoom: '1',
    });
    expect(toAttributes(specs, defaultValues(specs))).toEqual({
      preset: 'identity',
      hide: null,
      'no-camera': null,
      size: '48',
      zoom: '1',
    });
  });

  it('reads attributes back (the inverse), keeping page-only options from the base', () => {
    const values = {
      ...defaultValues(specs),
      preset: 'sobel-x',
      hide: ['padding'],
      camera: false,
      size: 24,
      theme: 'dark',
    };
    const attrs = toAttributes(specs, values);
    const back = fromAttributes(specs, (n) => attrs[n] ?? null, {
      ...defaultValues(specs),
      theme: 'dark',
    });
    expect(back).toEqual(values);
  });

  it('keeps the current value when a widget writes an attribute value we do not know', () => {
    const base = { ...defaultValues(specs), preset: 'blur' };
    expect(fromAttributes(specs, (n) => (n === 'preset' ? 'custom' : null), base).preset).toBe(
      'blur',
    );
    expect(fromAttributes(specs, () => null, base).preset).toBe('identity');
  });

  it('names the elements the page must hide itself, only for sets that hide what is chosen', () => {
    const share = {
      type: 'set',
      label: 'Share',
      attribute: 'share',
      default: [],
      choices: [{ value: 'scores', label: 'Scores' }],
    } satisfies OptionSpecs[string];
    expect(selectorsToHide({ ...specs, share }, { share: ['scores'] })).toEqual([]);
    expect(selectorsToHide(specs, defaultValues(specs))).toEqual([]);
    expect(
      selectorsToHide(specs, { hide: ['editor', 'stride', 'padding'], camera: false }),
    ).toEqual(['[data-control="editor"]', '[data-control="stride"]', '.padding', '.camera']);
  });
});
