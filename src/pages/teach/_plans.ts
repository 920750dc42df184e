/** The lesson plans with their lessons, in lesson order (build time only). */
import { getCollection, type CollectionEntry } from 'astro:content';
import { getLessons, type Lesson } from '../../components/lessons.ts';
import { availableWidgets } from '../../lib/embed/available.ts';
import { parseOptions, type OptionValues } from '../../lib/embed/options.ts';
import { embedOptions, widgetEmbed, type WidgetEmbed } from '../../lib/embed/widgets.ts';

export interface PlanWithLesson {
  plan: CollectionEntry<'lessonPlans'>;
  lesson: Lesson;
  /** The activity's widget, when it can be embedded in this build. */
  widget: WidgetEmbed | undefined;
  /** The activity's embed options, checked against the widget's declaration. */
  values: OptionValues;
}

export async function getPlans(): Promise<PlanWithLesson[]> {
  const lessons = await getLessons();
  const plans = await getCollection('lessonPlans');
  const available = new Map(availableWidgets().map((w) => [w.embed.id, w.embed]));
  const out: PlanWithLesson[] = [];
  for (const plan of plans) {
    const lesson = lessons.find((l) => l.id === plan.data.lesson);
    if (!lesson) throw new Error(`Lesson plan "${plan.id}" is for lesson "${plan.data.lesson}", which does not exist`);
    const { widget: id, embed } = plan.data.activity;
    const declared = widgetEmbed(id);
    const { values, ignored } = parseOptions(embedOptions(declared), new URLSearchParams(embed));
    if (ignored.length > 0) {
      throw new Error(`Lesson plan "${plan.id}": embed options ${ignored.map((i) => `${i.key}=${i.value} (${i.reason})`).join(', ')} are not offered by widget "${id}"`);
    }
    out.push({ plan, lesson, widget: available.get(id), values });
  }
  return out.sort((a, b) => a.lesson.data.order - b.lesson.data.order);
}
