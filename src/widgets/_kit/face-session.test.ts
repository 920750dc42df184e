import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrameSource } from '../../lib/vision/types.ts';
import {
  FaceSession,
  readerError,
  type FaceRuntime,
  type RuntimeContext,
  type SessionPicker,
} from './face-session.ts';
import type { ReaderError, ShowErrorOptions, SourceChangeDetail } from './face-source.ts';
import { kitText } from './text.ts';

/** The picker's side of the contract, as <face-source> keeps it: events, the picture, a message line. */
class TestPicker extends EventTarget implements SessionPicker {
  detail: SourceChangeDetail = { source: null, origin: null, name: '' };
  status: { text: string; fraction?: number } | null = null;
  error: { error: ReaderError; retry?: () => void } | null = null;

  get source(): FrameSource | null {
    return this.detail.source;
  }

  request(): void {
    this.dispatchEvent(new CustomEvent('sourcerequest', { detail: { origin: 'sample' } }));
  }

  pick(source: FrameSource | null): void {
    this.detail = { source, origin: source ? 'sample' : null, name: source ? 'A sample' : '' };
    this.dispatchEvent(new CustomEvent('sourcechange', { detail: this.detail }));
  }

  showStatus(text: string | null, fraction?: number): void {
    this.status = text === null ? null : { text, fraction };
  }

  showError(error: unknown, options: ShowErrorOptions = {}): void {
    this.error = { error: error as ReaderError, retry: options.retry };
    this.status = null;
  }
}

const photo = (width = 4, height = 3): FrameSource => ({
  kind: 'image',
  element: { width, height } as unknown as FrameSource['element'],
  width,
  height,
  mirrored: false,
  live: false,
  stop() {},
});

/** A runtime that reads a photo by writing down its size, as the real ones read pixels. */
class SizeReader implements FaceRuntime {
  readonly read: string[] = [];
  stopped = 0;
  disposed = false;
  failNext: unknown = null;
  async show(source: FrameSource): Promise<void> {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    this.read.push(`${source.width}×${source.height}`);
  }
  stop(): void {
    this.stopped++;
  }
  dispose(): void {
    this.disposed = true;
  }
}

/** A load the test finishes by hand (resolve/reject), to look at the session while it waits. */
function manualLoads() {
  const pending: { resolve(): void; reject(e: unknown): void; context: RuntimeContext }[] = [];
  const runtimes: SizeReader[] = [];
  const createRuntime = (context: RuntimeContext) =>
    new Promise<SizeReader>((resolve, reject) => {
      pending.push({
        context,
        resolve: () => {
          const r = new SizeReader();
          runtimes.push(r);
          resolve(r);
        },
        reject,
      });
    });
  return { pending, runtimes, createRuntime };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.restoreAllMocks());

describe('FaceSession', () => {
  it('loads once on the first request, with the loading text, then clears it', async () => {
    const picker = new TestPicker();
    const loads = manualLoads();
    const ready = vi.fn();
    new FaceSession({
      picker,
      loadingText: 'Getting ready…',
      createRuntime: loads.createRuntime,
      onReady: ready,
    }).start();
    expect(loads.pending).toHaveLength(0); // nothing heavy until the reader asks
    picker.request();
    picker.request();
    expect(loads.pending).toHaveLength(1);
    expect(picker.status).toEqual({ text: 'Getting ready…', fraction: 0 });
    loads.pending[0]!.resolve();
    await settle();
    expect(picker.status).toBeNull();
    expect(ready).toHaveBeenCalledWith(loads.runtimes[0]);
  });

  it('reads a picture picked before it started, and only the latest of pictures picked while loading', async () => {
    const picker = new TestPicker();
    picker.pick(photo());
    const loads = manualLoads();
    const seen: (FrameSource | null)[] = [];
    const session = new FaceSession({
      picker,
      createRuntime: loads.createRuntime,
      onSource: (d) => seen.push(d.source),
    }).start();
    const second = photo(8, 6);
    picker.pick(second);
    expect(session.source).toBe(second);
    loads.pending[0]!.resolve();
    await settle();
    expect(loads.pending).toHaveLength(1);
    expect(loads.runtimes[0]!.read).toEqual(['8×6']);
    expect(seen).toHaveLength(2);
  });

  it('stops the runtime when the picture goes away', async () => {
    const picker = new TestPicker();
    const loads = manualLoads();
    const session = new FaceSession({ picker, createRuntime: loads.createRuntime }).start();
    picker.pick(photo());
    loads.pending[0]!.resolve();
    await settle();
    picker.pick(null);
    expect(session.source).toBeNull();
    expect(loads.runtimes[0]!.stopped).toBe(1);
  });

  it('shows a failed load with "Try again", which loads again and reads the picture', async () => {
    const picker = new TestPicker();
    const loads = manualLoads();
    new FaceSession({ picker, createRuntime: loads.createRuntime }).start();
    picker.pick(photo());
    const offline = Object.assign(new Error('offline'), { hint: 'Check your connection.' });
    loads.pending[0]!.reject(offline);
    await settle();
    expect(picker.error?.error).toBe(offline);
    picker.error!.retry!();
    expect(loads.pending).toHaveLength(2);
    loads.pending[1]!.resolve();
    await settle();
    expect(loads.runtimes[0]!.read).toEqual(['4×3']);
  });

  it('shows a problem while reading with "Try again", which reads the picture again', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const picker = new TestPicker();
    const loads = manualLoads();
    const session = new FaceSession({ picker, createRuntime: loads.createRuntime });
    void session.load();
    loads.pending[0]!.resolve();
    await settle();
    const runtime = loads.runtimes[0]!;
    runtime.failNext = new TypeError('x is undefined');
    session.start();
    picker.pick(photo());
    await settle();
    expect(picker.error?.error.message).toBe(kitText('session.unexpected'));
    picker.error!.retry!();
    await settle();
    expect(runtime.read).toEqual(['4×3']);
  });

  it('disposes a runtime that arrives after the session was disposed, and says nothing more', async () => {
    const picker = new TestPicker();
    const loads = manualLoads();
    const session = new FaceSession({
      picker,
      loadingText: 'Loading…',
      createRuntime: loads.createRuntime,
    }).start();
    picker.pick(photo());
    const { context } = loads.pending[0]!;
    session.dispose();
    expect(context.signal.aborted).toBe(true);
    picker.status = null;
    context.status('Downloading… 50%', 0.5);
    loads.pending[0]!.resolve();
    await settle();
    expect(loads.runtimes[0]!.disposed).toBe(true);
    expect(loads.runtimes[0]!.read).toEqual([]);
    expect(picker.status).toBeNull();
    picker.pick(photo());
    expect(loads.pending).toHaveLength(1);
  });
});

describe('readerError', () => {
  it('passes errors written for the reader and replaces the others', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const camera = Object.assign(new Error('No camera'), { hint: 'Plug one in.' });
    expect(readerError(camera)).toBe(camera);
    const written = { message: 'The face finder stopped.' };
    expect(readerError(written)).toBe(written);
    expect(readerError(new RangeError('index 7'))).toEqual({
      message: kitText('session.unexpected'),
      hint: kitText('session.unexpectedHint'),
    });
    expect(readerError(null).message).toBe(kitText('session.unexpected'));
  });
});
