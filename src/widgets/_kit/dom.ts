/** A tiny element builder for the widgets' code-built parts. */
type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

let counter = 0;
/** A page-unique id with a readable prefix. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Calls `fn` at most once per `ms`, always with the latest arguments (trailing call kept). */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
): (...args: A) => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  return (...args: A) => {
    const now = performance.now();
    pending = args;
    if (now - last >= ms) {
      last = now;
      pending = null;
      fn(...args);
    } else if (!timer) {
      timer = setTimeout(
        () => {
          timer = null;
          last = performance.now();
          if (pending) fn(...pending);
          pending = null;
        },
        ms - (now - last),
      );
    }
  };
}

/** A grey level 0–255 as a CSS colour, and the text colour that reads on it. */
export function greyCss(v: number): string {
  const g = Math.max(0, Math.min(255, Math.round(v)));
  return `rgb(${g} ${g} ${g})`;
}

/** Black or white, whichever contrasts more with the grey level v (always at least 4.5 : 1). */
export function inkOn(v: number): string {
  const c = Math.max(0, Math.min(255, v)) / 255;
  const lum = c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? '#000' : '#fff';
}
