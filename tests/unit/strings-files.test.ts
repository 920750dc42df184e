/**
 * Reader-visible text written in TypeScript lives in keyed strings.json files (src/lib/strings.ts):
 *   - a key the code asks for exists (TypeScript checks it: see the @ts-expect-error below);
 *   - every key in a strings.json is used somewhere;
 *   - no English sentence is left as a literal in the widgets', components' or vision errors' TypeScript.
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
 * A literal that reads like an English sentence: a capital letter, then at least three more words.
 * Template literals are read with `{}` in place of their ${…} parts.
 */
const SENTENCE = /^[A-Z][\w'’]*(?:[\s,:;—-]+\S+){3,}/;

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
 * Sentences that are not reader text: developer errors (one thrown at build time stops the build; a
 * game is never built without challenges; a model without the layer the lab needs, a head used after
 * it was disposed: programming mistakes), and the status of the face finder's telemetry request that
 * we refuse (only the browser's developer tools show it).
 */
const NOT_READER_TEXT = new Set([
  'Lessons "{}" and "{}" both have order {}',
  'A game needs challenges',
  'The model has no GlobalAveragePooling2D layer to take features from',
  'This head was disposed',
  'Not sent: Emotion Lens keeps everything on this device',
]);

describe('no sentence left in TypeScript', () => {
  const files = [
    ...filesUnder('src/widgets', (name) => name.endsWith('.ts')),
    ...filesUnder('src/components', (name) => name.endsWith('.ts')).filter(
      (file) => !file.slice('src/components/'.length).includes('/'),
    ),
    // The lib files whose errors a reader sees (the widgets show their message and hint).
    ...filesUnder('src/lib/vision', (name) => name.endsWith('.ts')),
  ].filter((file) => !file.endsWith('.test.ts'));

  it.each(files)('%s', (file) => {
    const ast = parseAst(read(file), { lang: 'ts' });
    const sentences = stringLiterals(ast).filter(
      (text) => SENTENCE.test(text) && !NOT_READER_TEXT.has(text),
    );
    expect(sentences).toEqual([]);
  });
});
