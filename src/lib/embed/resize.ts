/**
 * Watch the height of an embed page's content and report it (rounded up, only when it changed,
 * at most once per animation frame). The embed page posts each height to its parent as a `resize`
 * message; the host script (public/embed.js) sets the iframe's height from it.
 *
 * Measure a wrapper around the content, never <html> or <body>: their height follows the iframe's,
 * so measuring them would feed the iframe's own height back and never let it shrink.
 */

export interface HeightEnv {
  ResizeObserver?: typeof ResizeObserver;
  requestAnimationFrame: (cb: () => void) => unknown;
}

export function contentHeight(el: Element): number {
  return Math.ceil(el.getBoundingClientRect().height);
}

export function watchHeight(
  el: Element,
  report: (height: number) => void,
  env: HeightEnv = {
    ResizeObserver: globalThis.ResizeObserver,
    requestAnimationFrame: (cb) => globalThis.requestAnimationFrame(cb),
  },
): () => void {
  let last = -1;
  let scheduled = false;
  let stopped = false;
  const measure = () => {
    scheduled = false;
    if (stopped) return;
    const h = contentHeight(el);
    if (h !== last) {
      last = h;
      report(h);
    }
  };
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    env.requestAnimationFrame(measure);
  };
  measure();
  let ro: ResizeObserver | undefined;
  if (env.ResizeObserver) {
    ro = new env.ResizeObserver(schedule);
    ro.observe(el);
  }
  return () => {
    stopped = true;
    ro?.disconnect();
  };
}
