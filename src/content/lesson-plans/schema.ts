import { z } from 'astro/zod';

/**
 * A lesson plan for teachers: one per lesson (src/content/lesson-plans/<lesson-slug>.yaml, shown on
 * /teach/<lesson-slug>/). Short and practical: what the class will learn, a 15-minute activity around
 * one widget, and questions to discuss. The widget's embed options are checked against the embed
 * registry (src/lib/embed/widgets.ts) when the site is built.
 */
export const lessonPlanSchema = z.object({
  /** The lesson this plan goes with (its slug, e.g. "sliding-windows-convolutions"). */
  lesson: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** One sentence: the plan in a nutshell, for the list on /teach/. */
  summary: z.string().min(10).max(240),
  /** Who it suits, e.g. "Ages 13 and up". */
  audience: z.string().min(3).max(80),
  /** What students will be able to say or do afterwards (2–4 short sentences). */
  goals: z.array(z.string().min(5)).min(2).max(4),
  /** The activity: one widget, about 15 minutes. */
  activity: z.object({
    title: z.string().min(3).max(80),
    /** The widget folder name (src/widgets/<widget>/). */
    widget: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    /** Embed options for the widget, as in its address (e.g. { camera: "off" }). */
    embed: z.record(z.string(), z.string()).default({}),
    /** What to prepare before class. */
    prepare: z.array(z.string().min(5)).min(1).max(4),
    /** The steps, with minutes that add up to the activity's length. */
    steps: z
      .array(z.object({ minutes: z.number().int().min(1).max(10), text: z.string().min(10) }))
      .min(3)
      .max(6),
  }),
  /** Questions for the class to talk about afterwards (3–5). */
  discussion: z.array(z.string().min(10)).min(3).max(5),
  /** A note on camera use and privacy in class, when the activity uses the camera. */
  privacy: z.string().min(10).optional(),
});

export type LessonPlan = z.infer<typeof lessonPlanSchema>;
