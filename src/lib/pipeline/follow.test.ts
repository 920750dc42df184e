import { describe, expect, it } from 'vitest';
import type { DetectedFace } from '../vision/types.ts';
import { followFaces } from './follow.ts';

const face = (x: number, y: number, size = 0.2): DetectedFace => ({
  box: { x, y, width: size, height: size },
  score: 0.9,
  keypoints: [{ name: 'noseTip', x: x + size / 2, y: y + size / 2 }],
});

describe('followFaces', () => {
  it('moves each face on at the speed it had between the two last detections', () => {
    // From x 0.30 to 0.32 in two frames: 0.01 a frame; one frame after the last detection, 0.33.
    const [moved] = followFaces(
      { faces: [face(0.3, 0.4)], frame: 10 },
      { faces: [face(0.32, 0.4)], frame: 12 },
      13,
    );
    expect(moved!.box.x).toBeCloseTo(0.33, 9);
    expect(moved!.box.y).toBeCloseTo(0.4, 9);
    expect(moved!.box.width).toBeCloseTo(0.2, 9);
    expect(moved!.keypoints[0]!.x).toBeCloseTo(0.43, 9);
    expect(moved!.score).toBe(0.9);
  });

  it('leaves a face where it was when it was not seen before, or the other face is another one', () => {
    const last = { faces: [face(0.6, 0.1)], frame: 4 };
    expect(followFaces(null, last, 5)).toEqual(last.faces);
    expect(followFaces({ faces: [face(0.1, 0.6)], frame: 2 }, last, 5)).toEqual(last.faces);
  });

  it('keeps the box inside the frame', () => {
    const [moved] = followFaces(
      { faces: [face(0.7, 0.3)], frame: 0 },
      { faces: [face(0.78, 0.3)], frame: 1 },
      2,
    );
    expect(moved!.box.x).toBeCloseTo(0.86, 9);
    expect(moved!.box.x + moved!.box.width).toBeLessThanOrEqual(1);
  });
});
