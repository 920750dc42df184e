import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { glossaryTermSchema, lessonSchema } from './content/schemas.ts';

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

export const collections = { lessons, glossary };
