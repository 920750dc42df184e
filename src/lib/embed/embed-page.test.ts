/**
 * The two plain scripts of the embed system, run in a sandbox with a stand-in window:
 * public/embed.js (the host page's resize helper) and src/lib/embed/head-init.js (theme and motion
 * before the first paint); and the height watcher of src/lib/embed/resize.ts.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.ts';
import { opensOutside } from './embed-page.ts';
import { watchHeight } from './resize.ts';
import { commonOptions } from './widgets.ts';

type Listener = (e: { data: unknown; source: unknown; origin: string }) => void;

function hostWindow(frames: { src: string; contentWindow: object }[]) {
  let listener: Listener | undefined;
  const iframes = frames.map((f) => ({
    ...f,
    style: {} as Record<string, string>,
    attrs: {} as Record<string, string>,
    setAttribute(name: string, value: string) {
      this.attrs[name] = value;
    },
  }));
  const win: Record<string, unknown> = {
    addEventListener: (type: string, fn: Listener) => {
      if (type === 'message') listener = fn;
    },
  };
  const document = {
    baseURI: 'https://school.example/class/',
    getElementsByTagName: () => iframes,
  };
  const context = { window: win, document, URL, Math, String, isFinite };
  return {
    context,
    iframes,
    send: (e: Parameters<Listener>[0]) => listener!(e),
    listening: () => !!listener,
  };
}

describe('public/embed.js', () => {
  const code = readFileSync('public/embed.js', 'utf8');
  const demo = { src: 'https://lens.example/embed/live-demo/?camera=off', contentWindow: {} };
  const other = { src: '/local/frame.html', contentWindow: {} };

  it('sets the height of the iframe that sent a resize message from its own origin', () => {
    const h = hostWindow([other, demo]);
    runInNewContext(code, h.context);
    h.send({
      data: { source: 'emotion-lens', type: 'ready', widget: 'live-demo', height: 812.4 },
      source: demo.contentWindow,
      origin: 'https://lens.example',
    });
    expect(h.iframes[1]!.style.height).toBe('813px');
    expect(h.iframes[1]!.attrs.height).toBe('813');
    h.send({
      data: { source: 'emotion-lens', type: 'resize', widget: 'live-demo', height: 20 },
      source: demo.contentWindow,
      origin: 'https://lens.example',
    });
    expect(h.iframes[1]!.style.height).toBe('150px');
    expect(h.iframes[0]!.style.height).toBeUndefined();
  });

  it('ignores messages from other origins, other windows, other senders and other types', () => {
    const h = hostWindow([demo, other]);
    runInNewContext(code, h.context);
    const ok = { source: 'emotion-lens', type: 'resize', widget: 'x', height: 500 };
    h.send({ data: ok, source: demo.contentWindow, origin: 'https://evil.example' });
    h.send({ data: ok, source: {}, origin: 'https://lens.example' });
    h.send({ data: ok, source: other.contentWindow, origin: 'https://lens.example' });
    h.send({
      data: { ...ok, source: 'h5p' },
      source: demo.contentWindow,
      origin: 'https://lens.example',
    });
    h.send({
      data: { ...ok, type: 'prediction' },
      source: demo.contentWindow,
      origin: 'https://lens.example',
    });
    h.send({
      data: { ...ok, height: 'tall' },
      source: demo.contentWindow,
      origin: 'https://lens.example',
    });
    h.send({ data: 'emotion-lens', source: demo.contentWindow, origin: 'https://lens.example' });
    expect(h.iframes.map((f) => f.style.height)).toEqual([undefined, undefined]);
  });

  it('is harmless when included twice', () => {
    const h = hostWindow([demo]);
    runInNewContext(code, h.context);
    runInNewContext(code, h.context);
    expect(h.listening()).toBe(true);
    expect(h.context.window.__emotionLensEmbed).toBe(true);
  });
});

describe('src/lib/embed/head-init.js', () => {
  const code = readFileSync('src/lib/embed/head-init.js', 'utf8');
  const run = (search: string) => {
    const attrs: Record<string, string> = {};
    runInNewContext(code, {
      window: { location: { search } },
      document: { documentElement: { setAttribute: (n: string, v: string) => (attrs[n] = v) } },
      URLSearchParams,
    });
    return attrs;
  };

  it('applies theme and reduced motion exactly as the option parser reads them', () => {
    for (const search of [
      '',
      '?theme=dark',
      '?theme=LIGHT&motion=Reduce',
      '?theme=auto',
      '?theme=purple&motion=fast',
      '?theme=dark&theme=light',
      '?motion=reduce',
      '?theme=%20dark%20',
      '?x=%E0%A4',
    ]) {
      const { values } = parseOptions(commonOptions, search);
      const attrs = run(search);
      expect(attrs['data-theme'], search).toBe(values.theme === 'auto' ? undefined : values.theme);
      expect('data-reduced-motion' in attrs, search).toBe(values.motion === 'reduce');
    }
  });
});

describe('watchHeight', () => {
  it('reports the content height rounded up, once at the start and then only when it changes', () => {
    let height = 100.2;
    const el = { getBoundingClientRect: () => ({ height }) } as unknown as Element;
    let observed: (() => void) | undefined;
    const frames: (() => void)[] = [];
    class FakeRO {
      constructor(cb: () => void) {
        observed = cb;
      }
      observe() {}
      disconnect() {
        observed = undefined;
      }
    }
    const reports: number[] = [];
    const stop = watchHeight(el, (h) => reports.push(h), {
      ResizeObserver: FakeRO as unknown as typeof ResizeObserver,
      requestAnimationFrame: (cb) => frames.push(cb),
    });
    expect(reports).toEqual([101]);
    observed!();
    observed!(); // coalesced into one frame
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(reports).toEqual([101]); // unchanged
    height = 340;
    observed!();
    frames.shift()!();
    expect(reports).toEqual([101, 340]);
    stop();
    expect(observed).toBeUndefined();
  });
});

describe('links inside an embed', () => {
  const here = 'https://lens.example/embed/cnn-anatomy/?theme=dark';
  it('open in a new tab when they leave the embed pages (our other pages refuse to be framed elsewhere)', () => {
    expect(opensOutside('/lessons/can-a-computer-read-a-face/#demo', here)).toBe(true);
    expect(opensOutside('https://github.com/vladmandic/face-api', here)).toBe(true);
    expect(opensOutside('/', here)).toBe(true);
  });
  it('stay in the frame for anchors on the page and other embed pages; other schemes are left alone', () => {
    expect(opensOutside('#layer-3', here)).toBe(false);
    expect(opensOutside('?theme=light', here)).toBe(false);
    expect(opensOutside('/embed/live-demo/', here)).toBe(false);
    expect(opensOutside('mailto:someone@example.com', here)).toBe(false);
    expect(opensOutside('javascript:void 0', here)).toBe(false);
    expect(opensOutside('http://[', here)).toBe(false);
  });
});
