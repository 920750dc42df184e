/**
 * For widgets: run `load` once, when `el` comes near the viewport (or right away where
 * IntersectionObserver is missing). Use it to import heavy code only when the reader gets there:
 *
 *   whenVisible(this, () => import('./heavy-part.ts').then((m) => m.start(this)));
 *
 * Returns a function that cancels the wait.
 */
export function whenVisible(el: Element, load: () => void, rootMargin = '300px 0px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    load();
    return () => {};
  }
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        load();
      }
    },
    { rootMargin },
  );
  io.observe(el);
  return () => io.disconnect();
}
