/**
 * The lessons and the glossary, checked straight from their source files: valid frontmatter, the nine
 * lessons in order, every glossary link resolvable, every widget named by a lesson present.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { sortLessons, termsUsed } from '../../src/components/lesson-utils.ts';
import { glossaryTermSchema, lessonSchema, type LessonData } from '../../src/content/schemas.ts';

const dir = 'src/content/lessons';
const lessons = readdirSync(dir)
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => {
    const src = readFileSync(`${dir}/${f}`, 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(src);
    if (!m) throw new Error(`${f}: no frontmatter`);
    return { id: f.replace(/\.mdx$/, ''), raw: load(m[1]!), body: m[2]!, file: f };
  });

const glossary: Array<{ id: string }> = JSON.parse(
  readFileSync('src/content/glossary.json', 'utf8'),
);
const glossaryIds = new Set(glossary.map((g) => g.id));

describe('lessons', () => {
  it.each(lessons.map((l) => [l.file, l] as const))('%s has valid frontmatter', (_f, l) => {
    const r = lessonSchema.safeParse(l.raw);
    expect(r.success ? [] : r.error.issues).toEqual([]);
  });

  it('are the nine lessons of the course, in order', () => {
    const sorted = sortLessons(
      lessons.map((l) => ({ id: l.id, data: lessonSchema.parse(l.raw) as LessonData })),
    );
    expect(sorted.map((l) => l.data.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sorted.map((l) => l.data.title)).toEqual([
      'Can a computer read a face?',
      'A picture is a grid of numbers',
      'Sliding windows: convolutions',
      'Stacking layers: how a CNN sees',
      'Learning by nudging: training',
      'Standing on shoulders: transfer learning',
      'Which model is best? Comparing models honestly',
      'Another way: the face mesh',
      'What machines get wrong: limits, bias, privacy',
    ]);
  });

  it('have URL-friendly file names', () => {
    for (const l of lessons) expect(l.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(lessons.map((l) => [l.file, l] as const))(
    '%s links only to glossary words that exist',
    (_f, l) => {
      const used = termsUsed(l.body);
      expect(used.length, 'each lesson explains some words').toBeGreaterThan(0);
      expect(used.filter((id) => !glossaryIds.has(id))).toEqual([]);
    },
  );

  it.each(lessons.map((l) => [l.file, l] as const))(
    '%s embeds only widgets that exist in src/widgets/',
    (_f, l) => {
      const { widgets } = lessonSchema.parse(l.raw);
      expect(widgets.filter((w) => !existsSync(`src/widgets/${w}`))).toEqual([]);
    },
  );

  it.each(lessons.map((l) => [l.file, l] as const))(
    '%s reads in 5 to 10 minutes, as its readingTime says',
    (_f, l) => {
      const { readingTime } = lessonSchema.parse(l.raw);
      const estimate = estimateMinutes(l.body);
      expect(estimate, 'estimated minutes (text, quiz and widgets)').toBeGreaterThanOrEqual(5);
      expect(estimate, 'estimated minutes (text, quiz and widgets)').toBeLessThanOrEqual(10.4);
      expect(readingTime).toBeGreaterThanOrEqual(5);
      expect(readingTime).toBeLessThanOrEqual(10);
      expect(
        Math.abs(readingTime - estimate),
        `readingTime ${readingTime}, estimate ${estimate.toFixed(1)}`,
      ).toBeLessThanOrEqual(1);
    },
  );

  it('lesson 1 has the #demo section the home page links to', () => {
    const first = lessons.find((l) => (l.raw as { order: number }).order === 1)!;
    expect(first.body).toMatch(/<section id="demo"/);
  });
});

/**
 * Minutes a newcomer needs for a lesson: its words (text and quiz) at 200 a minute, plus the time to try
 * each framed widget, by widget folder (a chart to read is quicker than an experiment with the camera).
 */
const WIDGET_MINUTES: Record<string, number> = {
  'live-demo': 2,
  'pixel-grid': 2,
  'convolution-playground': 2,
  'feature-maps': 1.5,
  'cnn-anatomy': 1.5,
  'training-story': 1,
  'transfer-lab': 3,
  'model-comparison': 1.5,
  'confusion-matrix': 1.5,
  'face-mesh': 2,
  'fool-the-model': 2.5,
};

function estimateMinutes(body: string): number {
  const components = new Map(
    [...body.matchAll(/import (\w+) from '\.\.\/\.\.\/widgets\/([\w-]+)\//g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
  const widgetMinutes = [...body.matchAll(/<WidgetFrame[^>]*>\s*<(\w+)/g)].reduce((sum, m) => {
    const folder = components.get(m[1]!);
    if (!folder || !(folder in WIDGET_MINUTES))
      throw new Error(
        `no reading time for the widget <${m[1]}> (add its folder to WIDGET_MINUTES)`,
      );
    return sum + WIDGET_MINUTES[folder]!;
  }, 0);
  const text = body
    .replace(/^(import|export) .*$/gm, ' ')
    .replace(/<Quiz questions=\{\[|\]\} \/>/g, ' ') // the quiz's questions are read too
    .replace(/<[^>]+>/g, ' ')
    .replace(/\b(q|choices|answer|explain):/g, ' ');
  const words = text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
  return words / 200 + widgetMinutes;
}

describe('glossary', () => {
  it.each(glossary.map((g) => [g.id, g] as const))('%s is a valid entry', (_id, g) => {
    const r = glossaryTermSchema.safeParse(g);
    expect(r.success ? [] : r.error.issues).toEqual([]);
    expect(g.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has unique ids and only resolvable "see also" links', () => {
    expect(glossaryIds.size).toBe(glossary.length);
    const dangling = glossary.flatMap((g) =>
      glossaryTermSchema
        .parse(g)
        .related.filter((r) => !glossaryIds.has(r))
        .map((r) => `${g.id} → ${r}`),
    );
    expect(dangling).toEqual([]);
  });
});

describe('termsUsed', () => {
  it('finds <Term id> uses in order, once each', () => {
    const body = `A <Term id="pixel">pixels</Term> and <Term  id='crop' /> and <Term id="pixel">again</Term>.`;
    expect(termsUsed(body)).toEqual(['pixel', 'crop']);
  });
});

describe('sortLessons', () => {
  it('rejects two lessons with the same order', () => {
    expect(() =>
      sortLessons([
        { id: 'a', data: { order: 1 } },
        { id: 'b', data: { order: 1 } },
      ]),
    ).toThrow(/both have order 1/);
  });
});
