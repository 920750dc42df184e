/**
 * FaceSession: the one glue between a <face-source> picker and a runtime that reads its pictures.
 * Every camera widget uses it, with one of two runtimes:
 *
 *   - the emotion pipeline (face finder + crop + CNN): EmotionRuntime, ./emotion-runtime.ts, or a
 *     widget's own runtime built on it (PictureApp, ./picture-app.ts);
 *   - the face finder only (face finder + the model card's crop): FaceFeed, ./face-feed.ts.
 *
 *   first `sourcerequest` (or load()) → createRuntime (status and progress in the picker; a failure
 *     is shown there with "Try again")
 *   `sourcechange` → onSource → no picture: the runtime stops
 *     → a picture: onShow, and the runtime reads it (every webcam frame, paused while the page is
 *       hidden, or the photo once) and reports to the widget itself
 *   an error while reading (context.fail) → shown in the picker with "Try again" (read the picture again)
 *   dispose() → stops listening, disposes the runtime (the picker owns and stops its sources)
 *
 * Light: only types are imported here; createRuntime brings TF.js or MediaPipe when it is called.
 */
import type { FrameSource } from '../../lib/vision/types.ts';
import type { FaceSourceElement, ReaderError, SourceChangeDetail } from './face-source.ts';
import { kitText } from './text.ts';

/** What a session needs of a runtime. */
export interface FaceRuntime {
  /** Reads a picture: every frame of a webcam until stop() or the next show(); a photo once. */
  show(source: FrameSource): Promise<void>;
  stop(): void;
  dispose(): void;
}

/** What a session offers the runtime it creates. */
export interface RuntimeContext {
  /** Aborted when the session is disposed. */
  signal: AbortSignal;
  /** Says in the picker what is happening (null clears it); `fraction` 0–1 adds a progress bar. */
  status(text: string | null, fraction?: number): void;
  /** Shows a problem in the picker with "Try again": by default, load if needed and read the picture again. */
  fail(error: unknown, retry?: () => void): void;
}

/** What a session uses of the <face-source> picker: its events, its picture, its message lines. */
export type SessionPicker = EventTarget &
  Pick<FaceSourceElement, 'source' | 'detail' | 'showStatus' | 'showError'>;

export interface FaceSessionSetup<R extends FaceRuntime> {
  picker: SessionPicker;
  /** Shown in the picker while the runtime loads, e.g. "Getting the lab ready…" (none: the runtime says). */
  loadingText?: string;
  createRuntime(context: RuntimeContext): Promise<R>;
  /** A new picture (or none: `source` null), before the runtime reads it (`session.source` is already the new one). */
  onSource?(detail: SourceChangeDetail): void;
  /** The runtime is loaded (the status line is cleared). */
  onReady?(runtime: R): void;
  /** The runtime is loaded and about to read `source`, still the reader's picture. */
  onShow?(source: FrameSource): void;
}

/**
 * Errors written for the reader pass through: those with a hint (src/lib/vision, src/lib/pipeline),
 * and plain `{ message }` objects. Any other Error gets a plain sentence (its message is for developers).
 */
export function readerError(e: unknown): ReaderError {
  const r = e as Partial<ReaderError> | null;
  const written = typeof r?.hint === 'string' || !(e instanceof Error);
  if (r && typeof r.message === 'string' && written) return r as ReaderError;
  console.warn('Emotion Lens:', e);
  return { message: kitText('session.unexpected'), hint: kitText('session.unexpectedHint') };
}

export class FaceSession<R extends FaceRuntime> {
  private readonly setup: FaceSessionSetup<R>;
  private readonly lifetime = new AbortController();
  private loading: Promise<R | null> | null = null;
  private loadedRuntime: R | null = null;
  private picture: FrameSource | null = null;
  private readonly context: RuntimeContext;

  constructor(setup: FaceSessionSetup<R>) {
    this.setup = setup;
    const { picker } = setup;
    this.context = {
      signal: this.lifetime.signal,
      status: (text, fraction) => {
        if (!this.disposed) picker.showStatus(text, fraction);
      },
      fail: (error, retry = () => void this.rerun()) => {
        if (!this.disposed) picker.showError(readerError(error), { retry });
      },
    };
  }

  /** Follows the picker from now on, and shows the picture it already has (picked before this code arrived). */
  start(): this {
    const { picker } = this.setup;
    const signal = this.lifetime.signal;
    picker.addEventListener('sourcerequest', () => void this.load(), { signal });
    picker.addEventListener(
      'sourcechange',
      (e) => void this.use((e as CustomEvent<SourceChangeDetail>).detail),
      { signal },
    );
    if (picker.source) void this.use(picker.detail);
    return this;
  }

  /** The runtime, once loaded. */
  get runtime(): R | null {
    return this.loadedRuntime;
  }

  /** The picture being read, or null. */
  get source(): FrameSource | null {
    return this.picture;
  }

  private get disposed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Loads the runtime once; on failure shows the error with "Try again" and resolves null. */
  load(): Promise<R | null> {
    this.loading ??= (async () => {
      const { setup, context } = this;
      if (setup.loadingText) context.status(setup.loadingText, 0);
      try {
        const runtime = await setup.createRuntime(context);
        if (this.disposed) {
          runtime.dispose();
          return null;
        }
        this.loadedRuntime = runtime;
        context.status(null);
        setup.onReady?.(runtime);
        return runtime;
      } catch (e) {
        this.loading = null;
        context.fail(e);
        return null;
      }
    })();
    return this.loading;
  }

  private async use(detail: SourceChangeDetail): Promise<void> {
    const { source } = detail;
    this.picture = source;
    this.setup.onSource?.(detail);
    if (!source) {
      this.loadedRuntime?.stop();
      return;
    }
    const runtime = await this.load();
    if (!runtime || this.disposed || this.picture !== source) return;
    try {
      this.setup.onShow?.(source);
      await runtime.show(source);
    } catch (e) {
      this.context.fail(e);
    }
  }

  /** After an error: load again if needed and read the reader's picture again. */
  private async rerun(): Promise<void> {
    await this.load();
    const { picker } = this.setup;
    if (picker.source) await this.use(picker.detail);
  }

  dispose(): void {
    this.lifetime.abort();
    this.loadedRuntime?.dispose();
    this.loadedRuntime = null;
  }
}
