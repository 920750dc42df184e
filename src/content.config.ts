import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { glossaryTermSchema, lessonSchema } from './content/schemas.ts';
import { lessonPlanSchema } from './content/lesson-plans/schema.ts';

/** The nine lessons, one MDX file each; the file name (without .mdx) is the URL slug. */
const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/lessons' }),
  schema: lessonSchema,
});

/** Plain-language definitions, linked from lessons with <Term id="...">. */
const glossary = defineCollection({
  loader: file('./src/content/glossary.json'),
  schema: glossaryTermSchema,
});

/** A short lesson plan per lesson for teachers (/teach/<lesson>/), one YAML file each. */
const lessonPlans = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './src/content/lesson-plans' }),
  schema: lessonPlanSchema,
});

export const collections = { lessons, glossary, lessonPlans };
