/**
 * The lesson plans (src/content/lesson-plans/*.yaml) as teachers get them: 45-minute classes whose parts
 * add up, exit tickets with one right answer and a reason for every choice, vocabulary that exists in
 * the glossary, real AI4K12 Big Ideas, model facts that resolve, and paper exercises whose keys are
 * the right sums. (The widget and its embed options: tests/unit/embed-registry.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  agenda,
  BIG_IDEAS,
  CLASS_MINUTES,
  lessonPlanSchema,
  planMinutes,
  type LessonPlan,
} from '../../src/content/lesson-plans/schema.ts';
import { fillFacts, PLAN_FACTS } from '../../src/pages/teach/_facts.ts';
import { convolve, maxPool, paperKey, relu } from '../../src/pages/teach/_paper.ts';

const dir = 'src/content/lesson-plans';
const raw = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => ({
    file,
    data: load(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>,
  }));
const plans = raw.map(({ file, data }) => ({ file, plan: lessonPlanSchema.parse(data) }));
const glossary = new Set(
  (JSON.parse(readFileSync('src/content/glossary.json', 'utf8')) as { id: string }[]).map(
    (t) => t.id,
  ),
);

/** Every string in a value, for checks on all of a plan's text. */
const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(strings)
      : v && typeof v === 'object'
        ? Object.values(v).flatMap(strings)
        : [];

describe('lesson plans', () => {
  it('there are nine, one per lesson', () => {
    expect(plans).toHaveLength(9);
  });

  describe.each(plans.map((p) => [p.file, p.plan] as const))('%s', (_file, plan: LessonPlan) => {
    it(`is a ${CLASS_MINUTES}-minute class: hook, demo, activity, discussion and exit ticket add up`, () => {
      const parts = agenda(plan);
      expect(parts.map((p) => p.part.split(':')[0])).toEqual([
        'Hook',
        'Guided demo',
        'Activity',
        'Discussion',
        'Exit ticket',
      ]);
      expect(parts.every((p) => p.minutes > 0)).toBe(true);
      expect(planMinutes(plan)).toBe(45);
    });

    it('has 3–4 exit questions, each with exactly one right choice and a reason for every choice', () => {
      expect(plan.exitTicket.questions.length).toBeGreaterThanOrEqual(3);
      expect(plan.exitTicket.questions.length).toBeLessThanOrEqual(4);
      for (const q of plan.exitTicket.questions) {
        expect(
          q.choices.filter((c) => c.correct),
          q.question,
        ).toHaveLength(1);
        for (const c of q.choices) expect(c.why.length, c.text).toBeGreaterThan(20);
      }
    });

    it('answers every discussion question and names misconceptions with a response', () => {
      for (const q of plan.discussion.questions)
        expect(q.answer.length, q.question).toBeGreaterThan(40);
      expect(plan.misconceptions.length).toBeGreaterThanOrEqual(2);
    });

    it('links only glossary words that exist, once each', () => {
      for (const id of plan.vocabulary) expect(glossary.has(id), id).toBe(true);
      expect(new Set(plan.vocabulary).size).toBe(plan.vocabulary.length);
    });

    it('serves real AI4K12 Big Ideas, each once', () => {
      for (const n of plan.bigIdeas) expect(Object.keys(BIG_IDEAS)).toContain(String(n));
      expect(new Set(plan.bigIdeas).size).toBe(plan.bigIdeas.length);
    });

    it('asks only for model facts the teach pages know', () => {
      for (const s of strings(plan)) expect(() => fillFacts(s)).not.toThrow();
    });
  });

  it('the schema refuses a plan whose parts do not add up to 45 minutes, or that misses a part', () => {
    const { data } = raw[0]!;
    const longer = {
      ...data,
      hook: { ...(data.hook as object), minutes: (data.hook as { minutes: number }).minutes + 1 },
    };
    expect(lessonPlanSchema.safeParse(longer).success).toBe(false);
    const { exitTicket: _dropped, ...noExit } = data;
    expect(lessonPlanSchema.safeParse(noExit).success).toBe(false);
  });
});

describe('plan facts', () => {
  it('fill in the shipped model’s shape and refuse unknown names', () => {
    expect(fillFacts('a {side} × {side} face')).toBe(
      `a ${PLAN_FACTS.side} × ${PLAN_FACTS.side} face`,
    );
    expect(Number(PLAN_FACTS.unpaddedSide)).toBe(Number(PLAN_FACTS.side) - 2);
    expect(() => fillFacts('{layers}')).toThrow(/not a plan fact/);
  });
});

describe('paper exercises', () => {
  it('convolve as lesson 3 works it out: 570 on a dark-to-bright patch, 0 on a flat one', () => {
    const edge = [
      [-1, 0, 1],
      [-1, 0, 1],
      [-1, 0, 1],
    ];
    expect(
      convolve(
        [
          [10, 10, 200],
          [10, 10, 200],
          [10, 10, 200],
        ],
        edge,
      ),
    ).toEqual([[570]]);
    expect(
      convolve(
        [
          [100, 100, 100],
          [100, 100, 100],
          [100, 100, 100],
        ],
        edge,
      ),
    ).toEqual([[0]]);
    expect(
      convolve(
        Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
        edge,
      ),
    ).toHaveLength(3);
  });

  it('apply ReLU, then keep the largest of each 2 × 2 block', () => {
    const map = [
      [-20, 40, 10, -5],
      [15, -30, 0, 25],
      [-10, 5, 60, -40],
      [35, -15, 20, 10],
    ];
    expect(relu(map)[0]).toEqual([0, 40, 10, 0]);
    expect(maxPool(relu(map))).toEqual([
      [40, 25],
      [35, 60],
    ]);
  });

  it('give every plan’s key the shape students fill in', () => {
    for (const { plan } of plans) {
      const grid = plan.unplugged.grid;
      if (grid?.kind === 'convolve')
        expect(paperKey(grid)[0]!.numbers).toHaveLength(grid.numbers.length - 2);
      if (grid?.kind === 'relu-pool') expect(paperKey(grid).at(-1)!.numbers).toHaveLength(2);
    }
  });
});
