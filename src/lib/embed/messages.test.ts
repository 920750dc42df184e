import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  MAX_HEIGHT,
  parentOrigin,
  parseMessage,
  postToParent,
  resizeMessage,
  shareWithParent,
  sharesWithHost,
  stateMessage,
  type PredictionMessage,
} from './messages.ts';

/** A window in a frame whose parent records what it is sent; `ancestor` as location.ancestorOrigins[0]. */
function framedWindow(ancestor?: string) {
  const post = vi.fn();
  const parent = { postMessage: post } as unknown as Window;
  const win = {
    parent,
    location: { ancestorOrigins: ancestor === undefined ? undefined : [ancestor] },
  } as unknown as Window;
  return { win, post };
}

function topWindow(): Window {
  const top = {} as Window & { parent?: Window };
  top.parent = top;
  return top;
}

/** A widget element with these attributes. */
const element = (attrs: Record<string, string>) =>
  ({ getAttribute: (n: string) => attrs[n] ?? null }) as unknown as Element;

const prediction: PredictionMessage = {
  source: 'emotion-lens',
  version: 1,
  type: 'prediction',
  widget: 'live-demo',
  faces: [
    {
      box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
      scores: { happy: 0.9, sad: 0.1 },
      top: 'happy',
    },
  ],
  fps: 12,
};

describe('the postMessage protocol', () => {
  it('makes resize, ready and state messages that parse back to themselves', () => {
    const r = resizeMessage('live-demo', 640.2);
    expect(r).toEqual({
      source: 'emotion-lens',
      version: 1,
      type: 'resize',
      widget: 'live-demo',
      height: 641,
    });
    expect(parseMessage(r)).toEqual(r);
    expect(parseMessage(resizeMessage('x', 10, 'ready'))?.type).toBe('ready');
    const s = stateMessage('pixel-grid', 'camera=off');
    expect(parseMessage(s)).toEqual(s);
    expect(parseMessage(structuredClone(s))).toEqual(s);
  });

  it('clamps heights into a sane range', () => {
    expect(resizeMessage('x', -5).height).toBe(0);
    expect(resizeMessage('x', 1e9).height).toBe(MAX_HEIGHT);
  });

  it('reads the live demo’s prediction message (src/lib/pipeline/types.ts)', () => {
    // As toPredictionMessage() in src/lib/pipeline/types.ts writes it (docs/embedding.md).
    const msg = {
      source: 'emotion-lens',
      type: 'prediction',
      version: 1,
      widget: 'live-demo',
      faces: [
        {
          box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
          scores: { happy: 0.9, sad: 0.1 },
          top: 'happy',
        },
      ],
      fps: 30,
    };
    const parsed = parseMessage(structuredClone(msg));
    expect(parsed).toMatchObject({ type: 'prediction', widget: 'live-demo', fps: 30 });
    expect(parsed?.type === 'prediction' && parsed.faces[0]!.top).toBe('happy');
    // Also the minimal shape from the first version of docs/embedding.md (no version, no widget).
    expect(
      parseMessage({ source: 'emotion-lens', type: 'prediction', faces: [], fps: 0 }),
    ).toMatchObject({ widget: 'live-demo' });
  });

  it('rejects anything else: other sources, unknown types, wrong shapes, older or odd versions', () => {
    const bad: unknown[] = [
      null,
      'emotion-lens',
      [],
      { source: 'other', type: 'resize', widget: 'x', height: 1 },
      { source: 'emotion-lens', type: 'hello' },
      { source: 'emotion-lens', type: 'resize', widget: 'x', height: '100' },
      { source: 'emotion-lens', type: 'resize', widget: 'x', height: Number.NaN },
      { source: 'emotion-lens', type: 'resize', widget: 'x', height: MAX_HEIGHT + 1 },
      { source: 'emotion-lens', type: 'resize', height: 100 },
      { source: 'emotion-lens', version: 0, type: 'resize', widget: 'x', height: 100 },
      { source: 'emotion-lens', version: 'one', type: 'resize', widget: 'x', height: 100 },
      { source: 'emotion-lens', type: 'state', widget: 'x', query: 5 },
      {
        source: 'emotion-lens',
        type: 'prediction',
        faces: [{ box: { x: 0 }, scores: {}, top: 'a' }],
        fps: 1,
      },
      {
        source: 'emotion-lens',
        type: 'prediction',
        faces: [{ box: { x: 0, y: 0, width: 1, height: 1 }, scores: { a: 'x' }, top: 'a' }],
        fps: 1,
      },
      { source: 'emotion-lens', type: 'prediction', faces: 'none', fps: 1 },
    ];
    for (const b of bad) expect(parseMessage(b), JSON.stringify(b)).toBeNull();
    // A newer version is read the same way.
    expect(
      parseMessage({
        source: 'emotion-lens',
        version: 2,
        type: 'resize',
        widget: 'x',
        height: 5,
        extra: true,
      }),
    ).toMatchObject({ height: 5 });
  });

  it('posts to the parent only inside a frame', () => {
    const { win, post } = framedWindow();
    expect(postToParent(resizeMessage('x', 5), win)).toBe(true);
    expect(post).toHaveBeenCalledWith(resizeMessage('x', 5), '*');
    expect(postToParent(resizeMessage('x', 5), topWindow())).toBe(false);
  });

  it('addresses the parent’s web origin where the browser tells it, else "*"', () => {
    expect(parentOrigin(framedWindow('https://school.example').win)).toBe('https://school.example');
    expect(parentOrigin(framedWindow('file://').win)).toBe('*');
    expect(parentOrigin(framedWindow('null').win)).toBe('*');
    expect(parentOrigin(framedWindow().win)).toBe('*');
    const { win, post } = framedWindow('https://school.example');
    postToParent(stateMessage('x', ''), win);
    expect(post).toHaveBeenCalledWith(stateMessage('x', ''), 'https://school.example');
  });
});

describe('sharing results about the reader (share=scores)', () => {
  it('posts the scores only when the element says share="scores" and the page is in a frame', () => {
    const { win, post } = framedWindow();
    const notShared: Record<string, string>[] = [
      {},
      { share: '' },
      { share: 'score' },
      { share: 'scoresx' },
      { hide: 'scores' },
    ];
    for (const attrs of notShared) {
      expect(sharesWithHost(element(attrs), 'scores', win), JSON.stringify(attrs)).toBe(false);
      expect(shareWithParent(element(attrs), 'scores', prediction, win)).toBe(false);
    }
    expect(post).not.toHaveBeenCalled();
    expect(sharesWithHost(element({ share: 'scores' }), 'scores', topWindow())).toBe(false);
    expect(shareWithParent(element({ share: 'scores' }), 'scores', prediction, topWindow())).toBe(
      false,
    );

    expect(sharesWithHost(element({ share: 'landmarks scores' }), 'scores', win)).toBe(true);
    expect(shareWithParent(element({ share: 'scores' }), 'scores', prediction, win)).toBe(true);
    expect(post).toHaveBeenCalledWith(prediction, '*');
  });

  it('leaves every message to this module: no other file in src/ calls postMessage', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)],
      );
    const posting = files('src')
      .filter((f) => /\.(ts|js|astro|mdx)$/.test(f) && !f.endsWith('.test.ts'))
      .filter((f) => /\bpostMessage\s*\(/.test(readFileSync(f, 'utf8')));
    expect(posting).toEqual([join('src', 'lib', 'embed', 'messages.ts')]);
  });
});
