/** Pure helpers about lessons, free of Astro imports so unit tests can use them directly. */

/** Sort by `order`; throws if two lessons share an order number. */
export function sortLessons<T extends { id: string; data: { order: number } }>(
  all: readonly T[],
): T[] {
  const sorted = [...all].sort((a, b) => a.data.order - b.data.order);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.data.order === b.data.order) {
      throw new Error(`Lessons "${a.id}" and "${b.id}" both have order ${a.data.order}`);
    }
  }
  return sorted;
}

export function lessonUrl(id: string): string {
  return `/lessons/${id}/`;
}

/** Glossary ids used with <Term id="..."> in a lesson's MDX source, in order of first use. */
export function termsUsed(body: string): string[] {
  const ids: string[] = [];
  for (const m of body.matchAll(/<Term\s+[^>]*?\bid\s*=\s*["']([^"']+)["']/g)) {
    const id = m[1]!;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
