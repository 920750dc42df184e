import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenVisible } from './when-visible.ts';

type Callback = (entries: Array<{ isIntersecting: boolean }>) => void;

class FakeObserver {
  static last: FakeObserver | undefined;
  observed: unknown[] = [];
  disconnected = false;
  cb: Callback;
  opts: { rootMargin?: string };
  constructor(cb: Callback, opts: { rootMargin?: string }) {
    this.cb = cb;
    this.opts = opts;
    FakeObserver.last = this;
  }
  observe(el: unknown) {
    this.observed.push(el);
  }
  disconnect() {
    this.disconnected = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeObserver.last = undefined;
});

describe('whenVisible', () => {
  it('loads once, when the element comes into view', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const load = vi.fn();
    const el = {} as Element;
    whenVisible(el, load);
    const io = FakeObserver.last!;
    expect(io.observed).toEqual([el]);
    expect(io.opts.rootMargin).toBe('300px 0px');
    io.cb([{ isIntersecting: false }]);
    expect(load).not.toHaveBeenCalled();
    io.cb([{ isIntersecting: true }]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(io.disconnected).toBe(true);
  });

  it('can be cancelled', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const cancel = whenVisible({} as Element, () => {});
    cancel();
    expect(FakeObserver.last!.disconnected).toBe(true);
  });

  it('loads at once without IntersectionObserver', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const load = vi.fn();
    whenVisible({} as Element, load);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
