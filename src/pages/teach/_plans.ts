/** The lesson plans with their lessons, in lesson order (build time only). */
import { getCollection, type CollectionEntry } from 'astro:content';
import { getLessons, type Lesson } from '../../components/lessons.ts';
import { parseOptions, type OptionValues } from '../../lib/embed/options.ts';
import { embedOptions, type WidgetEmbed } from '../../lib/embed/widgets.ts';
import { availableWidgets, widgetEmbed } from '../../widgets/embeds.ts';
import type { LessonPlan } from '../../content/lesson-plans/schema.ts';
import { fillFacts } from './_facts.ts';

/** A word of a plan's vocabulary, as the glossary defines it. */
export interface VocabularyTerm {
  id: string;
  term: string;
  definition: string;
}

export interface PlanWithLesson {
  plan: CollectionEntry<'lessonPlans'>;
  /** The plan's content with the model's {facts} filled in: what the pages show. */
  data: LessonPlan;
  /** The plan's vocabulary, resolved in the glossary. */
  vocabulary: VocabularyTerm[];
  lesson: Lesson;
  /** The activity's widget, when it can be embedded in this build. */
  widget: WidgetEmbed | undefined;
  /** The activity's embed options, checked against the widget's declaration. */
  values: OptionValues;
}

export async function getPlans(): Promise<PlanWithLesson[]> {
  const lessons = await getLessons();
  const plans = await getCollection('lessonPlans');
  const glossary = new Map((await getCollection('glossary')).map((t) => [t.id, t.data]));
  const available = new Map(availableWidgets().map((w) => [w.embed.id, w.embed]));
  const out: PlanWithLesson[] = [];
  for (const plan of plans) {
    const lesson = lessons.find((l) => l.id === plan.data.lesson);
    if (!lesson)
      throw new Error(
        `Lesson plan "${plan.id}" is for lesson "${plan.data.lesson}", which does not exist`,
      );
    const { widget: id, embed } = plan.data.activity;
    const declared = widgetEmbed(id);
    const { values, ignored } = parseOptions(embedOptions(declared), new URLSearchParams(embed));
    if (ignored.length > 0) {
      throw new Error(
        `Lesson plan "${plan.id}": embed options ${ignored.map((i) => `${i.key}=${i.value} (${i.reason})`).join(', ')} are not offered by widget "${id}"`,
      );
    }
    const vocabulary = plan.data.vocabulary.map((term) => {
      const entry = glossary.get(term);
      if (!entry)
        throw new Error(
          `Lesson plan "${plan.id}": vocabulary word "${term}" is not in src/content/glossary.json`,
        );
      return { id: term, term: entry.term, definition: entry.definition };
    });
    out.push({
      plan,
      data: withFacts(plan.data),
      vocabulary,
      lesson,
      widget: available.get(id),
      values,
    });
  }
  return out.sort((a, b) => a.lesson.data.order - b.lesson.data.order);
}

/** Every string of the plan with {facts} filled in. */
function withFacts<T>(value: T): T {
  if (typeof value === 'string') return fillFacts(value) as T;
  if (Array.isArray(value)) return value.map(withFacts) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFacts(v)])) as T;
  return value;
}

/** getStaticPaths of the pages made per plan (the plan and its handout): one page per lesson. */
export async function planPaths(): Promise<
  { params: { lesson: string }; props: { item: PlanWithLesson } }[]
> {
  return (await getPlans()).map((item) => ({
    params: { lesson: item.lesson.id },
    props: { item },
  }));
}
