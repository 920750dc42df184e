/**
 * Reading progress, remembered in the reader's own browser (localStorage) and nowhere else.
 * Pure functions over a small JSON record, so the logic is unit-tested without a browser.
 */
export const PROGRESS_KEY = 'emotion-lens:progress';

export interface LessonProgress {
  /** When the reader first opened the lesson (ISO time). */
  visited?: string;
  /** When the reader marked the lesson as finished (ISO time). */
  done?: string;
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
  /** The lesson the reader opened most recently. */
  last?: string;
}

export type LessonStatus = 'done' | 'started' | 'new';

export function emptyProgress(): Progress {
  return { version: 1, lessons: {} };
}

const slugPattern = /^[a-z0-9-]{1,80}$/;

/** Parse stored JSON defensively: anything unexpected becomes an empty record, never an error. */
export function parseProgress(raw: string | null | undefined): Progress {
  if (!raw) return emptyProgress();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return emptyProgress();
  }
  if (typeof data !== 'object' || data === null) return emptyProgress();
  const rec = data as { version?: unknown; lessons?: unknown; last?: unknown };
  if (rec.version !== 1 || typeof rec.lessons !== 'object' || rec.lessons === null)
    return emptyProgress();
  const out = emptyProgress();
  for (const [slug, value] of Object.entries(rec.lessons as Record<string, unknown>)) {
    if (!slugPattern.test(slug) || typeof value !== 'object' || value === null) continue;
    const v = value as { visited?: unknown; done?: unknown };
    const entry: LessonProgress = {};
    if (typeof v.visited === 'string') entry.visited = v.visited;
    if (typeof v.done === 'string') entry.done = v.done;
    out.lessons[slug] = entry;
  }
  if (typeof rec.last === 'string' && slugPattern.test(rec.last)) out.last = rec.last;
  return out;
}

export function markVisited(p: Progress, slug: string, now: Date = new Date()): Progress {
  const prev = p.lessons[slug] ?? {};
  return {
    ...p,
    last: slug,
    lessons: { ...p.lessons, [slug]: { ...prev, visited: prev.visited ?? now.toISOString() } },
  };
}

export function setDone(
  p: Progress,
  slug: string,
  done: boolean,
  now: Date = new Date(),
): Progress {
  const prev = p.lessons[slug] ?? {};
  const next: LessonProgress = { visited: prev.visited ?? now.toISOString() };
  if (done) next.done = prev.done ?? now.toISOString();
  return { ...p, lessons: { ...p.lessons, [slug]: next } };
}

export function statusOf(p: Progress, slug: string): LessonStatus {
  const l = p.lessons[slug];
  if (l?.done) return 'done';
  if (l?.visited) return 'started';
  return 'new';
}

/** How many of the given lessons are finished. */
export function countDone(p: Progress, slugs: readonly string[]): number {
  return slugs.filter((s) => statusOf(p, s) === 'done').length;
}

/**
 * Where "continue" should take the reader: the first unfinished lesson at or after the one they
 * read last, else the first unfinished lesson overall; null when all are done or nothing was read.
 */
export function nextLesson(p: Progress, orderedSlugs: readonly string[]): string | null {
  if (Object.keys(p.lessons).length === 0) return null;
  const start = p.last ? Math.max(0, orderedSlugs.indexOf(p.last)) : 0;
  const rotated = [...orderedSlugs.slice(start), ...orderedSlugs.slice(0, start)];
  return rotated.find((s) => statusOf(p, s) !== 'done') ?? null;
}

/** Storage access that never throws (private mode, blocked storage, quota). */
export function loadProgress(storage: Pick<Storage, 'getItem'> | undefined): Progress {
  try {
    return parseProgress(storage?.getItem(PROGRESS_KEY));
  } catch {
    return emptyProgress();
  }
}

export function saveProgress(storage: Pick<Storage, 'setItem'> | undefined, p: Progress): boolean {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(p));
    return storage !== undefined;
  } catch {
    return false;
  }
}
