/**
 * Reader-visible text written in TypeScript lives in keyed strings.json files (src/lib/strings.ts):
 *   - a key the code asks for exists (TypeScript checks it: see the @ts-expect-error below);
 *   - every key in a strings.json is used somewhere;
 *   - no English sentence or label is left as a literal in the TypeScript of src/widgets/,
 *     src/components/ and src/lib/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { kitText } from '../../src/widgets/_kit/text.ts';

const ROOT = join(import.meta.dirname, '../..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && keep(d.name))
    .map((d) => relative(ROOT, join(d.parentPath, d.name)).split(sep).join('/'));
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const code = (name: string) => /\.(ts|astro)$/.test(name) && !name.endsWith('.test.ts');

describe('strings files', () => {
  it('TypeScript refuses a key that is not in the file, and so does the translator', () => {
    // @ts-expect-error: `tsc --noEmit` fails here if an unknown key ever type-checks.
    expect(() => kitText('noSuchKey')).toThrow('No text for the key "noSuchKey"');
  });

  // A widget's strings serve the code in its folder; the kit's and the site's serve all of src/.
  const stringsFiles = filesUnder('src', (name) => /(^|-)strings\.json$/.test(name));
  it.each(stringsFiles)('every key in %s is used', (file) => {
    const ownWidget = /^src\/widgets\/(?!_kit\/)/.test(file);
    const users = ownWidget ? dirname(file) : 'src';
    const source = filesUnder(users, code).map(read).join('\n');
    const keys = Object.keys(JSON.parse(read(file)) as Record<string, string>).map((key) =>
      key.replace(/_(zero|one|two|few|many|other)$/, ''),
    );
    const unused = keys.filter((key) => !source.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});

/**
 * A literal that reads like English text: a capitalised word, then at least one more word ("Mouth
 * width", "Zoomed in {}%"). Template literals are read with `{}` in place of their ${…} parts. Single
 * words and lower-case fragments ("mirrored") escape this check: they belong in strings.json too.
 */
const SENTENCE = /^\s*[A-Z][\w'’]*(?:[\s,:;—-]+\S+){1,}/;

function stringLiterals(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => stringLiterals(child, out));
  else if (node && typeof node === 'object') {
    const n = node as { type?: string; value?: unknown; quasis?: { value: { cooked: string } }[] };
    if (n.type === 'Literal' && typeof n.value === 'string') out.push(n.value);
    if (n.type === 'TemplateLiteral' && n.quasis)
      out.push(n.quasis.map((q) => q.value.cooked).join('{}'));
    for (const [key, child] of Object.entries(n)) if (key !== 'quasis') stringLiterals(child, out);
  }
  return out;
}

/**
 * Text that is not for readers: developer errors (one thrown at build time stops the build; the
 * others mean a programming mistake or a broken shipped file, never something a reader's device or
 * choices cause), messages for the browser's console (only its developer tools show them, like the
 * status of the face finder's telemetry request that we refuse), and names that are not translated.
 */
const NOT_READER_TEXT = new Set([
  // Thrown at build time, or by a programming mistake or a broken shipped file.
  'Lessons "{}" and "{}" both have order {}',
  'A game needs challenges',
  'No challenge "{}"',
  'The model has no GlobalAveragePooling2D layer to take features from',
  'This head was disposed',
  'No text for the key "{}"',
  'The text "{}" needs a value for {{}}',
  'Unknown filter preset "{}"',
  'Unexpected face-mesh input {}',
  'The face-mesh model gave no 468-point mesh',
  'Unexpected face-mesh signature: input {}, mesh output {}',
  'The eye corners are at the same place: not a face mesh',
  'A face mesh has {} landmarks; got {}',
  'No measurements to average',
  'Model input {}×{}×{} does not match its card ({}×{}×{})',
  'Model has {} outputs but its card lists {} labels',
  'Invalid model card: {}',
  'The model has no convolution layer.',
  'This file does not describe a layers model (no layers found).',
  'The model file does not say what size of input it takes.',
  // The browser's console.
  'Not sent: Emotion Lens keeps everything on this device',
  'Emotion Lens: ignored "{}={}" in the address ({}); using the default.',
  'Emotion Lens:',
  // Names.
  'Emotion Lens',
  'FER2013 PublicTest',
]);

describe('no sentence left in TypeScript', () => {
  const files = [
    ...filesUnder('src/widgets', (name) => name.endsWith('.ts')),
    ...filesUnder('src/components', (name) => name.endsWith('.ts')).filter(
      (file) => !file.slice('src/components/'.length).includes('/'),
    ),
    ...filesUnder('src/lib', (name) => name.endsWith('.ts')),
  ].filter((file) => !file.endsWith('.test.ts'));

  it.each(files)('%s', (file) => {
    const ast = parseAst(read(file), { lang: 'ts' });
    const sentences = stringLiterals(ast).filter(
      (text) => SENTENCE.test(text) && !NOT_READER_TEXT.has(text),
    );
    expect(sentences).toEqual([]);
  });
});
