import { z } from 'astro/zod';

/**
 * A lesson plan for teachers: one per lesson (src/content/lesson-plans/<lesson-slug>.yaml, shown on
 * /teach/<lesson-slug>/ with a student handout at /teach/<lesson-slug>/handout/). A 45-minute class a
 * teacher can run with no other preparation: hook, guided demo, an activity around one widget,
 * discussion with model answers, and an exit ticket with its key. Every part is required.
 *
 * Text may quote the shipped model's shape as {facts} (src/pages/teach/_facts.ts), filled in at build
 * time, so no figure about the model is typed in. The widget's embed options are checked against the
 * embed registry (src/widgets/embeds.ts) when the site is built.
 */

/** The length of every class the plans are written for. */
export const CLASS_MINUTES = 45;

/** The AI4K12 initiative's Five Big Ideas in AI (ai4k12.org), by number. */
export const BIG_IDEAS = {
  1: 'Perception',
  2: 'Representation & Reasoning',
  3: 'Learning',
  4: 'Natural Interaction',
  5: 'Societal Impact',
} as const;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const text = z.string().min(10);
const minutes = z.number().int().min(1).max(30);

/** A timed part of the class: how long, and what the teacher does. */
const part = z.object({ minutes, text });

const choice = z.object({
  text: z.string().min(1),
  correct: z.boolean().default(false),
  /** Why this answer is right, or the misconception that leads to it and why it is wrong. */
  why: text,
});

const exitQuestion = z
  .object({ question: text, choices: z.array(choice).min(3).max(4) })
  .refine((q) => q.choices.filter((c) => c.correct).length === 1, {
    message: 'an exit-ticket question needs exactly one correct choice',
  });

/** A grid of numbers students work on by hand, printed on the handout; the key is computed, never typed. */
const paperGrid = z.discriminatedUnion('kind', [
  /** Shade each square from its brightness (0 black … 255 white). */
  z.object({
    kind: z.literal('shade'),
    numbers: z
      .array(z.array(z.number().int().min(0).max(255)).min(3).max(10))
      .min(3)
      .max(10),
  }),
  /** Slide the 3 × 3 filter over the numbers (no padding, stride 1): multiply, then add. */
  z.object({
    kind: z.literal('convolve'),
    numbers: z
      .array(z.array(z.number().int().min(0).max(255)).min(3).max(6))
      .min(3)
      .max(6),
    filter: z.array(z.array(z.number().int().min(-9).max(9)).length(3)).length(3),
    filterName: z.string().min(2),
  }),
  /** ReLU (negatives become 0), then keep the largest of each 2 × 2 block. */
  z.object({
    kind: z.literal('relu-pool'),
    numbers: z.array(z.array(z.number().int().min(-999).max(999)).length(4)).length(4),
  }),
]);

export const lessonPlanSchema = z
  .object({
    /** The lesson this plan goes with (its slug, e.g. "sliding-windows-convolutions"). */
    lesson: slug,
    /** One sentence: the plan in a nutshell, for the list on /teach/. */
    summary: z.string().min(10).max(240),
    /** Who it suits, e.g. "Ages 13 and up". */
    audience: z.string().min(3).max(80),
    /** The AI4K12 Big Ideas (1–5) the lesson serves. */
    bigIdeas: z.array(z.number().int().min(1).max(5)).min(1).max(5),
    /** What students will be able to say or do afterwards (2–4 short sentences). */
    goals: z.array(z.string().min(5)).min(2).max(4),
    /** Glossary ids (src/content/glossary.json) for the handout's word list. */
    vocabulary: z.array(slug).min(3).max(8),
    /** The opening question, as students see it on the board and the handout, and how to run it. */
    hook: part.extend({ question: text }),
    /** Reading part of the lesson together, or a guided demo on the classroom screen. */
    demo: part,
    /** The hands-on activity: one widget; its length is the sum of its steps. */
    activity: z.object({
      title: z.string().min(3).max(80),
      /** The widget folder name (src/widgets/<widget>/). */
      widget: slug,
      /** Embed options for the widget, as in its address (e.g. { camera: "off" }). */
      embed: z.record(z.string(), z.string()).default({}),
      /** What to prepare before class. */
      prepare: z.array(z.string().min(5)).min(1).max(4),
      /** The steps, with minutes that add up to the activity's length. */
      steps: z.array(part).min(3).max(6),
      /** What students do, in their words, for the handout. */
      studentTasks: z.array(text).min(2).max(4),
    }),
    /** Questions for the class to talk about, each with a model answer. */
    discussion: z.object({
      minutes,
      questions: z
        .array(z.object({ question: text, answer: text }))
        .min(3)
        .max(5),
    }),
    /** Likely wrong ideas, and how to address each. */
    misconceptions: z
      .array(z.object({ idea: text, response: text }))
      .min(2)
      .max(4),
    /** Three or four multiple-choice questions to end on; the key explains every choice. */
    exitTicket: z.object({ minutes, questions: z.array(exitQuestion).min(3).max(4) }),
    /** How to pitch the class to each age group. */
    ages: z.object({ '13-15': text, '16-18': text, adults: text }),
    /** The same lesson for a class without devices or cameras. */
    unplugged: z.object({ steps: z.array(text).min(2).max(5), grid: paperGrid.optional() }),
    /** A note on camera use and privacy in class, when the activity uses the camera. */
    privacy: text.optional(),
  })
  .refine((p) => planMinutes(p) === CLASS_MINUTES, {
    message: `the parts of a lesson plan must add up to ${CLASS_MINUTES} minutes`,
  });

export type LessonPlan = z.infer<typeof lessonPlanSchema>;
export type PaperGrid = z.infer<typeof paperGrid>;

interface Timed {
  minutes: number;
}
/** The timed parts of a plan, as the schema's check and the pages need them. */
interface PlanParts {
  hook: Timed;
  demo: Timed;
  activity: { title: string; steps: Timed[] };
  discussion: Timed;
  exitTicket: Timed;
}

/** The timed parts of a plan in class order, with their minutes. */
export function agenda(p: PlanParts): { part: string; minutes: number }[] {
  return [
    { part: 'Hook: question of the day', minutes: p.hook.minutes },
    { part: 'Guided demo', minutes: p.demo.minutes },
    {
      part: `Activity: ${p.activity.title}`,
      minutes: p.activity.steps.reduce((a, s) => a + s.minutes, 0),
    },
    { part: 'Discussion', minutes: p.discussion.minutes },
    { part: 'Exit ticket', minutes: p.exitTicket.minutes },
  ];
}

export function planMinutes(p: PlanParts): number {
  return agenda(p).reduce((a, s) => a + s.minutes, 0);
}
