/**
 * The postMessage protocol between an embedded widget (/embed/<widget>/ in an iframe) and the page
 * that embeds it. Every message is a plain object with `source: "emotion-lens"`, `version: 1`, the
 * sending `widget`'s id and a `type`:
 *
 *   ready       { height }         the embed page has started (once), with its content's height
 *   resize      { height }         the content's height in CSS pixels changed (H5P-style)
 *   state       { query }          the reader changed the widget; `query` is its link's query string
 *   prediction  { faces, fps }     the live demo's result for a frame (src/lib/pipeline/types.ts,
 *                                  docs/embedding.md), at most 10 a second
 *
 * Messages only go from the embed to its parent; the embed listens to nothing, so a host page cannot
 * drive it. A host should check `event.source` (the iframe's window) and `event.origin` (our site)
 * before trusting a message; public/embed.js does both.
 */

export const MESSAGE_SOURCE = 'emotion-lens';
export const MESSAGE_VERSION = 1;

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
  if (data.version !== undefined && !(isFiniteNumber(data.version) && data.version >= MESSAGE_VERSION)) return null;
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
      if (!Array.isArray(data.faces) || !data.faces.every(isFace) || !isFiniteNumber(data.fps)) return null;
      return { ...base, type: 'prediction', widget: widget ?? 'live-demo', faces: data.faces, fps: data.fps };
    default:
      return null;
  }
}

export function resizeMessage(widget: string, height: number, type: 'resize' | 'ready' = 'resize'): ResizeMessage {
  return { source: MESSAGE_SOURCE, version: MESSAGE_VERSION, type, widget, height: Math.min(MAX_HEIGHT, Math.max(0, Math.ceil(height))) };
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
 * Post a message to the embedding page, if there is one. The target origin is "*": the embed does not
 * know who embeds it, and the messages carry nothing private (heights, option names, emotion scores
 * of a frame the host page already chose to show).
 */
export function postToParent(message: EmbedMessage, win: Window = window): boolean {
  const parent = embeddingParent(win);
  if (!parent) return false;
  parent.postMessage(message, '*');
  return true;
}
