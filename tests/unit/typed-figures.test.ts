/**
 * No figure that can go stale is typed into a lesson or a lesson plan: a percentage or a size in the
 * reader's text must be an expression read from data at build time ({accuracyWithInterval(…)}, {mb(…)}),
 * not digits in the prose. The few figures that are about the world, not about our files, are allowed
 * below, each with its source. Quiz texts and widget captions are checked too: string literals inside
 * JSX expressions and attributes are reader text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/** A percentage or a size written with digits: "65%", "64 per cent", "16 MB", "874 KB", "3,000 bytes". */
const FIGURE = /\d[\d,.]*\s?(?:%|per ?cent\b|[kKMG]i?B\b|bytes\b)/g;

/** Figures about the world (or definitions), allowed wherever they appear, with why. */
const ALLOWED: Record<string, string> = {
  '100%': 'a definition: softmax shares and confidence scores add up to 100%',
  '95%': 'the convention every interval on the site uses (95% Wilson intervals)',
  '60–70%':
    'human agreement with FER2013 labels, "65 ± 5%" on a subset: Goodfellow et al. 2013, arXiv:1307.0414',
  '50%': 'a coin flip, used to explain chance',
  '0%': 'the bottom of a score scale',
};

/** The text a reader sees in an MDX body: prose, attribute values, and string literals inside {…}. */
export function readerText(mdx: string): string {
  const body = mdx
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^import .*$/gm, '')
    .replace(/\]\((?:https?:|\/)[^)]*\)/g, ']') // link targets (arXiv ids, DOIs) are not reader text
    .replace(/<https?:[^>]*>/g, '');
  let out = '';
  let i = 0;
  while (i < body.length) {
    if (body[i] !== '{') {
      out += body[i++];
      continue;
    }
    // A JSX expression: keep only its string literals (quiz questions, captions built in code).
    let depth = 0;
    let j = i;
    for (; j < body.length; j++) {
      const c = body[j];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
      else if (c === "'" || c === '"' || c === '`') {
        const end = closingQuote(body, j);
        out += ` ${body.slice(j + 1, end).replace(/\$\{[^}]*\}/g, ' ')} `;
        j = end;
      }
    }
    out += ' ';
    i = j + 1;
  }
  return out;
}

function closingQuote(s: string, start: number): number {
  const q = s[start];
  for (let k = start + 1; k < s.length; k++) {
    if (s[k] === '\\') k++;
    else if (s[k] === q) return k;
  }
  return s.length;
}

/** Every string in a YAML lesson plan, joined. */
function yamlText(src: string): string {
  const strings: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(load(src));
  return strings.join('\n');
}

/** The typed figures in a text that are not on the allow-list, with a little context each. */
export function typedFigures(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const before = text.slice(Math.max(0, m.index! - 8), m.index!);
    const range = /(\d[\d.,]*)\s?[–-]\s?$/.exec(before);
    const figure = (range ? `${range[1]}–` : '') + m[0].replace(/\s/g, '');
    if (figure in ALLOWED) continue;
    found.push(
      `${figure}  …${text.slice(Math.max(0, m.index! - 40), m.index! + m[0].length + 10).replace(/\s+/g, ' ')}…`,
    );
  }
  return found;
}

const files = [
  ...readdirSync('src/content/lessons')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => ({
      file: `src/content/lessons/${f}`,
      text: readerText(readFileSync(`src/content/lessons/${f}`, 'utf8')),
    })),
  ...readdirSync('src/content/lesson-plans')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({
      file: `src/content/lesson-plans/${f}`,
      text: yamlText(readFileSync(`src/content/lesson-plans/${f}`, 'utf8')),
    })),
];

describe('typed figures', () => {
  it.each(files.map((f) => [f.file, f] as const))(
    '%s types no percentage or size that can go stale',
    (_file, f) => {
      expect(typedFigures(f.text)).toEqual([]);
    },
  );

  it('finds figures in prose, quiz strings and attributes, but not in expressions or link targets', () => {
    const mdx = [
      '---\ntitle: x\n---',
      "import { model } from '../../lib/ml/shipped-model.ts';",
      'Our model gets 67% right. The demo downloads about 16 MB.',
      '<WidgetFrame caption="It is right 2 times in 3 (66.7 %)">',
      "<Quiz questions={[{ q: 'Which is 12 KB?', explain: `Only ${percent(model.accuracy)} here` }]} />",
      'It is right {percent(model.accuracy)} of the time; humans agree 60–70% of the time, see [the paper](https://arxiv.org/abs/1307.0414).',
      'A 95% interval; shares add to 100%.',
    ].join('\n');
    expect(typedFigures(readerText(mdx)).map((f) => f.split(' ')[0])).toEqual([
      '67%',
      '16MB',
      '66.7%',
      '12KB',
    ]);
  });
});
