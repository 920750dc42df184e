/** The lessons collection as the pages use it (build time only). */
import { getCollection, type CollectionEntry } from 'astro:content';
import { sortLessons } from './lesson-utils.ts';

export { lessonUrl, sortLessons, termsUsed } from './lesson-utils.ts';

export type Lesson = CollectionEntry<'lessons'>;

/** All lessons in reading order; throws if two share an order number. */
export async function getLessons(): Promise<Lesson[]> {
  return sortLessons(await getCollection('lessons'));
}
