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

/**
 * Defines `<tag>`, a widget drawn at build time whose script only brings it to life: when it comes
 * near the viewport, `load()` imports its module and `start(element)` runs. An element holding a
 * `[data-empty]` note (no data in this build) stays as it is. If loading fails, the text of its
 * `failureTarget` child says so in one sentence, made by `sorry(reason)`.
 */
export function defineVisibleWidget(
  tag: string,
  load: () => Promise<{ start(el: HTMLElement): unknown }>,
  failureTarget: string,
  sorry: (reason: string) => string,
): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends HTMLElement {
      connectedCallback() {
        if (this.dataset.started || this.querySelector('[data-empty]')) return;
        this.dataset.started = 'true';
        whenVisible(this, () => {
          load()
            .then((m) => m.start(this))
            .catch((error: unknown) => {
              const target = this.querySelector(failureTarget);
              if (target)
                target.textContent = sorry(error instanceof Error ? error.message : String(error));
            });
        });
      }
    },
  );
}
