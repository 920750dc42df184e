import { z } from 'astro/zod';

/** A widget is named by its folder under src/widgets/ (kebab-case). */
export const widgetName = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use the widget folder name, kebab-case');

export const lessonSchema = z.object({
  /** The lesson's heading, in plain words. */
  title: z.string().min(3).max(80),
  /** One sentence that says what the reader gets out of the lesson. */
  summary: z.string().min(10).max(200),
  /** Position in the path through the lessons: 1, 2, 3, ... (unique). */
  order: z.number().int().positive(),
  /** Estimated reading time in minutes, widgets included. */
  readingTime: z.number().int().positive().max(60),
  /** What the reader will be able to say or do afterwards (2–5 short sentences). */
  goals: z.array(z.string().min(5)).min(1).max(6),
  /** Widgets the lesson embeds, by folder name under src/widgets/. */
  widgets: z.array(widgetName).default([]),
});

export type LessonData = z.infer<typeof lessonSchema>;

export const glossaryTermSchema = z.object({
  /** The word as the reader sees it, e.g. "Pixel". */
  term: z.string().min(1),
  /** One or two plain sentences; no other jargon without a link. */
  definition: z.string().min(10),
  /** Other glossary ids worth reading next. */
  related: z.array(z.string()).default([]),
});

export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;
