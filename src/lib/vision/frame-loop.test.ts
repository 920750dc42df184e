import { describe, expect, it } from 'vitest';
import { FrameLoop, type FrameInfo, type FrameLoopEnv } from './frame-loop.ts';

/** A fake display: rAF callbacks run when `advance()` moves the clock past a vsync (60 Hz). */
function fakeEnv() {
  let now = 0;
  let nextId = 1;
  const callbacks = new Map<number, (t: number) => void>();
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_type: string, l: () => void) => listeners.add(l),
    removeEventListener: (_type: string, l: () => void) => listeners.delete(l),
  };
  const env: FrameLoopEnv = {
    now: () => now,
    requestAnimationFrame: (cb) => {
      const id = nextId++;
      callbacks.set(id, cb);
      return id;
    },
    cancelAnimationFrame: (id) => callbacks.delete(id),
    document: doc as unknown as FrameLoopEnv['document'],
  };
  return {
    env,
    doc,
    listeners,
    pending: () => callbacks.size,
    /** Runs `frames` vsyncs of 1000/60 ms each. */
    advance(frames: number) {
      for (let i = 0; i < frames; i++) {
        now += 1000 / 60;
        const due = [...callbacks.entries()];
        callbacks.clear();
        for (const [, cb] of due) cb(now);
      }
    },
    setVisibility(v: DocumentVisibilityState) {
      doc.visibilityState = v;
      for (const l of [...listeners]) l();
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('FrameLoop', () => {
  it('calls back once per display frame and measures fps', () => {
    const f = fakeEnv();
    const frames: FrameInfo[] = [];
    const loop = new FrameLoop((fr) => void frames.push(fr), { env: f.env }).start();
    f.advance(60);
    expect(frames).toHaveLength(60);
    expect(frames.map((x) => x.index).slice(0, 3)).toEqual([0, 1, 2]);
    expect(loop.fps).toBeCloseTo(60, 0);
    loop.stop();
  });

  it('throttles to maxFps', () => {
    const f = fakeEnv();
    let n = 0;
    const loop = new FrameLoop(() => void n++, { env: f.env, maxFps: 30 }).start();
    f.advance(120); // 2 s at 60 Hz
    expect(n).toBeGreaterThanOrEqual(59);
    expect(n).toBeLessThanOrEqual(61);
    expect(loop.fps).toBeCloseTo(30, 0);
    loop.stop();
  });

  it('never runs two async frames at once: frames are skipped while one is busy', async () => {
    const f = fakeEnv();
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    let release: () => void = () => {};
    const loop = new FrameLoop(
      () => {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        return new Promise<void>((r) => {
          release = () => {
            running--;
            r();
          };
        });
      },
      { env: f.env },
    ).start();
    f.advance(10);
    expect(calls).toBe(1);
    release();
    await flush();
    f.advance(1);
    expect(calls).toBe(2);
    expect(maxRunning).toBe(1);
    release();
    loop.stop();
  });

  it('pauses while the page is hidden and resumes when it is shown', () => {
    const f = fakeEnv();
    let n = 0;
    const states: string[] = [];
    const loop = new FrameLoop(() => void n++, {
      env: f.env,
      onStateChange: (s) => states.push(s),
    }).start();
    f.advance(5);
    f.setVisibility('hidden');
    expect(loop.state).toBe('paused');
    const before = n;
    f.advance(30);
    expect(n).toBe(before);
    expect(f.pending()).toBe(0);
    f.setVisibility('visible');
    f.advance(5);
    expect(n).toBe(before + 5);
    expect(states).toEqual(['running', 'paused', 'running']);
    loop.stop();
  });

  it('does not resume on visibility after an explicit pause()', () => {
    const f = fakeEnv();
    let n = 0;
    const loop = new FrameLoop(() => void n++, { env: f.env }).start();
    loop.pause();
    f.setVisibility('hidden');
    f.setVisibility('visible');
    f.advance(5);
    expect(n).toBe(0);
    expect(loop.state).toBe('paused');
    loop.start();
    f.advance(2);
    expect(n).toBe(2);
    loop.stop();
  });

  it('started while hidden waits for the page to be shown', () => {
    const f = fakeEnv();
    f.doc.visibilityState = 'hidden';
    let n = 0;
    const loop = new FrameLoop(() => void n++, { env: f.env }).start();
    expect(loop.state).toBe('paused');
    f.advance(3);
    expect(n).toBe(0);
    f.setVisibility('visible');
    f.advance(3);
    expect(n).toBe(3);
    loop.stop();
  });

  it('stops cleanly when its source ends (camera unplugged) and removes its listeners', () => {
    const f = fakeEnv();
    let n = 0;
    let fire: (reason: string) => void = () => {};
    let unsubscribed = false;
    const ended: string[] = [];
    const loop = new FrameLoop(() => void n++, { env: f.env })
      .stopWhen(
        {
          onEnded(l: (reason: string) => void) {
            fire = l;
            return () => {
              unsubscribed = true;
            };
          },
        },
        (reason) => ended.push(reason),
      )
      .start();
    f.advance(3);
    fire('unplugged');
    expect(loop.state).toBe('stopped');
    expect(ended).toEqual(['unplugged']);
    expect(unsubscribed).toBe(true);
    expect(f.listeners.size).toBe(0);
    expect(f.pending()).toBe(0);
    f.advance(5);
    expect(n).toBe(3);
    loop.start(); // a stopped loop stays stopped
    f.advance(2);
    expect(n).toBe(3);
  });

  it('keeps going after a frame throws, unless onError says stop', () => {
    const f = fakeEnv();
    let n = 0;
    const errors: unknown[] = [];
    const loop = new FrameLoop(
      () => {
        n++;
        throw new Error('bad frame');
      },
      { env: f.env, onError: (e) => void errors.push(e) },
    ).start();
    f.advance(3);
    expect(n).toBe(3);
    expect(errors).toHaveLength(3);
    loop.stop();

    const stopper = new FrameLoop(
      () => {
        throw new Error('fatal');
      },
      { env: f.env, onError: () => false },
    ).start();
    f.advance(3);
    expect(stopper.state).toBe('stopped');
  });

  it('follows video frames with requestVideoFrameCallback when the video has it', () => {
    const f = fakeEnv();
    const pending: ((now: number, meta: { mediaTime: number }) => void)[] = [];
    const video = {
      requestVideoFrameCallback: (cb: (now: number, meta: { mediaTime: number }) => void) =>
        pending.push(cb),
      cancelVideoFrameCallback: () => pending.splice(0),
    } as unknown as HTMLVideoElement;
    const frames: FrameInfo[] = [];
    const loop = new FrameLoop((fr) => void frames.push(fr), { env: f.env, video }).start();
    expect(f.pending()).toBe(0); // no rAF
    pending.shift()!(0, { mediaTime: 1.5 });
    expect(frames[0]!.mediaTimeMs).toBe(1500);
    expect(pending).toHaveLength(1);
    loop.stop();
    expect(pending).toHaveLength(0);
  });

  it('asks for the next video frame before handling this one (frames presented meanwhile count)', () => {
    const f = fakeEnv();
    const pending: ((now: number, meta: { mediaTime: number }) => void)[] = [];
    const video = {
      requestVideoFrameCallback: (cb: (typeof pending)[number]) => pending.push(cb),
      cancelVideoFrameCallback: () => pending.splice(0),
    } as unknown as HTMLVideoElement;
    const requestedWhileHandling: number[] = [];
    const loop = new FrameLoop(() => void requestedWhileHandling.push(pending.length), {
      env: f.env,
      video,
    }).start();
    pending.shift()!(0, { mediaTime: 0 });
    pending.shift()!(33, { mediaTime: 0.033 });
    expect(requestedWhileHandling).toEqual([1, 1]);
    loop.stop();
  });

  it('counts the video frames presented while the page was busy as missed', () => {
    const f = fakeEnv();
    const pending: ((now: number, meta: { mediaTime: number; presentedFrames: number }) => void)[] =
      [];
    const video = {
      requestVideoFrameCallback: (cb: (typeof pending)[number]) => pending.push(cb),
      cancelVideoFrameCallback: () => pending.splice(0),
    } as unknown as HTMLVideoElement;
    const frames: FrameInfo[] = [];
    const loop = new FrameLoop((fr) => void frames.push(fr), { env: f.env, video }).start();
    pending.shift()!(0, { mediaTime: 0, presentedFrames: 10 });
    pending.shift()!(33, { mediaTime: 0.033, presentedFrames: 11 });
    pending.shift()!(133, { mediaTime: 0.133, presentedFrames: 14 });
    expect(frames.map((fr) => fr.missed)).toEqual([0, 0, 2]);
    expect(loop.missed).toBe(2);
    loop.pause().start(); // frames presented while paused are not missed
    pending.shift()!(500, { mediaTime: 0.5, presentedFrames: 25 });
    expect(frames.at(-1)!.missed).toBe(0);
    loop.stop();
  });
});
