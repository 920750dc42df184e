import { describe, expect, it } from 'vitest';
import { LoadAdapter, REDUCTIONS } from './load-adapter.ts';

const FRAME = 1000 / 30;

/** Feeds `seconds` of 30 fps frames with these costs; the detector runs when the current step says. */
function feed(
  adapter: LoadAdapter,
  from: number,
  seconds: number,
  cost: { detect: number; other: number; featureMaps?: number },
  mapsOpen = false,
): number {
  let t = from;
  for (let i = 0; i < seconds * 30; i++, t += FRAME) {
    const detects = i % adapter.current.detectEvery === 0;
    adapter.record(
      t,
      {
        detect: detects ? cost.detect : undefined,
        featureMaps: mapsOpen && i % 6 === 0 ? cost.featureMaps : undefined,
        other: cost.other,
      },
      mapsOpen,
    );
  }
  return t;
}

describe('LoadAdapter', () => {
  it('leaves everything in while the frames fit the camera’s frame time', () => {
    const adapter = new LoadAdapter();
    feed(adapter, 0, 10, { detect: 12, other: 10 });
    expect(adapter.current.step).toBe(0);
    expect(adapter.busy(REDUCTIONS[0]!, false)).toBeCloseTo(22 / FRAME, 6);
  });

  it('detects every other frame after a second over budget, skipping a step that would not help', () => {
    const adapter = new LoadAdapter();
    // 20 + 10 ms a frame is 90 % of 33.3 ms: over the 85 % that fits. Step 1 only slows the feature
    // maps, which are closed; step 2 costs 10 + 20 / 2 = 20 ms (60 %).
    feed(adapter, 0, 0.9, { detect: 20, other: 10 });
    expect(adapter.current.step).toBe(0);
    feed(adapter, 900, 0.3, { detect: 20, other: 10 });
    expect(adapter.current).toEqual(REDUCTIONS[2]);
  });

  it('does not give back while the lighter step would be tight, and gives back after 4 s of room', () => {
    const adapter = new LoadAdapter();
    let t = feed(adapter, 0, 2, { detect: 20, other: 10 });
    expect(adapter.current.step).toBe(2);
    t = feed(adapter, t, 10, { detect: 20, other: 10 });
    expect(adapter.current.step).toBe(2);
    // Faster frames: 8 + 6 = 14 ms (42 %) at step 0 — but the averages need a few frames to follow.
    t = feed(adapter, t, 3.5, { detect: 8, other: 6 });
    expect(adapter.current.step).toBe(2);
    feed(adapter, t, 1, { detect: 8, other: 6 });
    expect(adapter.current.step).toBe(0);
  });

  it('slows the feature maps first when they are open and that is enough', () => {
    // Frames 10 + 12 = 22 ms (66 %); the maps take 60 ms every 200 ms at most, capped at a quarter
    // of the time: 25 % → 91 %. At step 1 the cap is 10 %: 76 %, which fits.
    const adapter = new LoadAdapter();
    feed(adapter, 0, 2, { detect: 12, other: 10, featureMaps: 60 }, true);
    expect(adapter.current).toEqual(REDUCTIONS[1]);
    expect(adapter.featureMapsShareAt()).toBeCloseTo(0.1, 6);
  });

  it('goes to the last step when nothing fits', () => {
    const adapter = new LoadAdapter();
    feed(adapter, 0, 3, { detect: 60, other: 40 });
    expect(adapter.current).toEqual(REDUCTIONS.at(-1));
  });
});
