/**
 * The postMessage protocol between an embedded widget (/embed/<widget>/ in an iframe) and the page
 * that embeds it. Every message is a plain object with `source: "emotion-lens"`, `version: 1`, the
 * sending `widget`'s id and a `type`:
 *
 *   ready       { height }         the embed page has started (once), with its content's height
 *   resize      { height }         the content's height in CSS pixels changed (H5P-style)
 *   state       { query }          the widget's settings changed; `query` is its link's query string
 *   prediction  { faces, fps }     the live demo's result for a frame (src/lib/pipeline/types.ts,
 *                                  docs/embedding.md), at most MAX_PREDICTIONS_PER_SECOND a second —
 *                                  only when the teacher opted in with `share=scores`
 *
 * By default an embed posts only ready, resize and state: nothing that describes the reader. Data
 * that does (emotion scores; later perhaps landmarks, game answers, recordings) goes through
 * shareWithParent(), which posts it only when the widget's element carries `share="<what>"` (set
 * from the address by the embed page) and the page is in a frame; the widget then tells the reader
 * (sharesWithHost()). Every message leaves through this module: a unit test checks that no other
 * file in src/ calls postMessage.
 *
 * Messages only go from the embed to its parent; the embed listens to nothing, so a host page cannot
 * drive it. A host should check `event.source` (the iframe's window) and `event.origin` (our site)
 * before trusting a message; public/embed.js does both.
 */

export const MESSAGE_SOURCE = 'emotion-lens';
export const MESSAGE_VERSION = 1;

/** The most prediction messages the live demo posts in a second (a webcam may run faster). */
export const MAX_PREDICTIONS_PER_SECOND = 10;

/** The element attribute (and address option, `share=scores`) that lets a widget post reader data. */
export const SHARE_ATTRIBUTE = 'share';

/** What a teacher may let a widget post to the page around it: `scores` = the live demo's predictions. */
export type Shareable = 'scores';

export interface ResizeMessage {
  source: typeof MESSAGE_SOURCE;
  version: typeof MESSAGE_VERSION;
  type: 'resize' | 'ready';
  widget: string;
  height: number;
}

export interface StateMessage {
  source: typeof MESSAGE_SOURCE;
  version: typeof MESSAGE_VERSION;
  type: 'state';
  widget: string;
  /** The query string of the shareable link for the current state, without "?" ("" = defaults). */
  query: string;
}

export interface PredictionFace {
  /** The face's box, 0–1 relative to the frame. */
  box: { x: number; y: number; width: number; height: number };
  /** Probability per emotion label. */
  scores: Record<string, number>;
  /** The label with the highest score. */
  top: string;
}

export interface PredictionMessage {
  source: typeof MESSAGE_SOURCE;
  version: typeof MESSAGE_VERSION;
  type: 'prediction';
  widget: string;
  faces: PredictionFace[];
  fps: number;
}

export type EmbedMessage = ResizeMessage | StateMessage | PredictionMessage;

/** Largest height we report or accept, in CSS pixels (a sanity bound, not a layout rule). */
export const MAX_HEIGHT = 20_000;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isBox(x: unknown): x is PredictionFace['box'] {
  return isRecord(x) && ['x', 'y', 'width', 'height'].every((k) => isFiniteNumber(x[k]));
}

function isFace(x: unknown): x is PredictionFace {
  return (
    isRecord(x) &&
    isBox(x.box) &&
    typeof x.top === 'string' &&
    isRecord(x.scores) &&
    Object.values(x.scores).every(isFiniteNumber)
  );
}

/**
 * The message in `data` if it is a well-formed Emotion Lens message, else null. Use it on every
 * `message` event: other scripts post messages too, and a frame may post anything.
 */
export function parseMessage(data: unknown): EmbedMessage | null {
  if (!isRecord(data) || data.source !== MESSAGE_SOURCE) return null;
  // A later version may add fields; it must not change the meaning of these, so read it the same way.
  if (
    data.version !== undefined &&
    !(isFiniteNumber(data.version) && data.version >= MESSAGE_VERSION)
  )
    return null;
  const base = { source: MESSAGE_SOURCE, version: MESSAGE_VERSION } as const;
  const widget = typeof data.widget === 'string' ? data.widget : null;
  switch (data.type) {
    case 'ready':
    case 'resize':
      if (widget === null || !isFiniteNumber(data.height)) return null;
      if (data.height < 0 || data.height > MAX_HEIGHT) return null;
      return { ...base, type: data.type, widget, height: data.height };
    case 'state':
      if (widget === null || typeof data.query !== 'string') return null;
      return { ...base, type: 'state', widget, query: data.query };
    case 'prediction':
      if (!Array.isArray(data.faces) || !data.faces.every(isFace) || !isFiniteNumber(data.fps))
        return null;
      return {
        ...base,
        type: 'prediction',
        widget: widget ?? 'live-demo',
        faces: data.faces,
        fps: data.fps,
      };
    default:
      return null;
  }
}

export function resizeMessage(
  widget: string,
  height: number,
  type: 'resize' | 'ready' = 'resize',
): ResizeMessage {
  return {
    source: MESSAGE_SOURCE,
    version: MESSAGE_VERSION,
    type,
    widget,
    height: Math.min(MAX_HEIGHT, Math.max(0, Math.ceil(height))),
  };
}

export function stateMessage(widget: string, query: string): StateMessage {
  return { source: MESSAGE_SOURCE, version: MESSAGE_VERSION, type: 'state', widget, query };
}

/** The window to post to, or null when the page is not in a frame. */
export function embeddingParent(win: Window = window): Window | null {
  try {
    return win.parent && win.parent !== win ? win.parent : null;
  } catch {
    return null;
  }
}

/**
 * The origin to post to: the parent's, where the browser tells it (`location.ancestorOrigins`, in
 * Chromium and Safari) and it is a web origin, else "*" — the embed does not know who embeds it, and
 * a page saved on a teacher's computer (file:) has no origin a message could be addressed to.
 */
export function parentOrigin(win: Window = window): string {
  try {
    const origin = (win.location as (Location & { ancestorOrigins?: DOMStringList }) | undefined)
      ?.ancestorOrigins?.[0];
    return origin && /^https?:\/\//.test(origin) ? origin : '*';
  } catch {
    return '*';
  }
}

function post(message: EmbedMessage, win: Window): boolean {
  const parent = embeddingParent(win);
  if (!parent) return false;
  try {
    parent.postMessage(message, parentOrigin(win));
    return true;
  } catch {
    return false; // a parent that cannot receive messages
  }
}

/**
 * Post a message that says nothing about the reader (a height, the widget's settings) to the
 * embedding page, if there is one.
 */
export function postToParent(message: ResizeMessage | StateMessage, win: Window = window): boolean {
  return post(message, win);
}

/**
 * Whether the widget whose element is `el` may post `what` to the page around it: the teacher asked
 * for it (`share="<what>"` on the element, from `share=<what>` in the address) and the page is in a
 * frame. Widgets also use it to tell the reader that the page around them receives it.
 */
export function sharesWithHost(el: Element, what: Shareable, win: Window = window): boolean {
  const tokens = (el.getAttribute(SHARE_ATTRIBUTE) ?? '').split(/\s+/);
  return tokens.includes(what) && embeddingParent(win) !== null;
}

/** Post data that describes the reader, only where sharesWithHost() allows it. */
export function shareWithParent(
  el: Element,
  what: Shareable,
  message: PredictionMessage,
  win: Window = window,
): boolean {
  return sharesWithHost(el, what, win) && post(message, win);
}
