import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseModelCard } from './model-card.ts';
import {
  cropBox,
  faceCrop,
  faceRegion,
  FRAMING_FEATURES,
  framingFeatures,
  resampleRegion,
  toModelInput,
  type Pixels,
} from './preprocess.ts';

const card = parseModelCard(
  JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')),
);

function rgba(
  width: number,
  height: number,
  paint: (x: number, y: number) => [number, number, number],
): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      data.set([...paint(x, y), 255], (y * width + x) * 4);
    }
  return { data, width, height, channels: 4 };
}

describe('model card', () => {
  it('is the single source of labels and input', () => {
    expect(card.labels).toEqual([
      'angry',
      'disgust',
      'fear',
      'happy',
      'neutral',
      'sad',
      'surprise',
    ]);
    expect([card.input.width, card.input.height, card.input.channels]).toEqual([48, 48, 1]);
  });

  it('rejects a card without labels or input', () => {
    expect(() => parseModelCard({ input: card.input })).toThrow(/labels/);
    expect(() =>
      parseModelCard({ labels: card.labels, input: { ...card.input, channels: 2 } }),
    ).toThrow(/channels/);
  });

  it("reads a card written before the crop's vertical offset existed, and rejects a bad offset", () => {
    const { face_offset_y: _offset, ...older } = card.input;
    const parsed = parseModelCard({ labels: card.labels, input: older });
    const face = { x: 100, y: 100, width: 60, height: 60 };
    expect(cropBox(face, 640, 480, parsed.input.face_margin, parsed.input.face_offset_y)).toEqual(
      cropBox(face, 640, 480, parsed.input.face_margin, 0),
    );
    expect(() =>
      parseModelCard({ labels: card.labels, input: { ...card.input, face_offset_y: 'up' } }),
    ).toThrow(/face_offset_y/);
  });
});

describe('framing rule', () => {
  const constants = {
    ...card.input,
    face_margin: 0.1,
    face_offset_y: -0.1,
    face_framing_margin: undefined,
    face_framing_offset_y: undefined,
  };
  const keypoints = [
    { x: 120, y: 120 },
    { x: 140, y: 120 },
    { x: 130, y: 130 },
    { x: 130, y: 145 },
    { x: 102, y: 125 },
    { x: 158, y: 125 },
  ];
  const face = { x: 100, y: 100, width: 60, height: 60, keypoints };
  /** A rule that gives `margin` and `offset` whatever the face: only the constant's weight is set. */
  const constantRule = (margin: number, offset: number) => ({
    face_framing_margin: [margin, ...Array<number>(FRAMING_FEATURES - 1).fill(0)],
    face_framing_offset_y: [offset, ...Array<number>(FRAMING_FEATURES - 1).fill(0)],
  });

  it('reads where the keypoints sit in the box', () => {
    const features = framingFeatures(face)!;
    expect(features).toHaveLength(FRAMING_FEATURES);
    expect(features.slice(0, 4)).toEqual([1, 1, 20 / 60 - 0.5, 20 / 60 - 0.5]);
    expect(framingFeatures({ ...face, keypoints: keypoints.slice(0, 2) })).toBeNull();
    expect(framingFeatures({ x: 0, y: 0, width: 10, height: 10 })).toBeNull();
  });

  it("cuts with the rule's margin and offset when the face has keypoints, with the constants otherwise", () => {
    const spec = { ...constants, ...constantRule(0.3, 0.05) };
    expect(faceRegion(face, 640, 480, spec)).toEqual(cropBox(face, 640, 480, 0.3, 0.05));
    const { keypoints: _, ...boxOnly } = face;
    expect(faceRegion(boxOnly, 640, 480, spec)).toEqual(cropBox(face, 640, 480, 0.1, -0.1));
    expect(faceRegion(face, 640, 480, constants)).toEqual(cropBox(face, 640, 480, 0.1, -0.1));
  });

  it('the model card takes both rules or neither, each with one weight per feature', () => {
    const withRule = { ...card.input, ...constantRule(0.3, 0.05) };
    expect(parseModelCard({ labels: card.labels, input: withRule }).input).toEqual(withRule);
    const { face_framing_offset_y: _, ...half } = withRule;
    expect(() => parseModelCard({ labels: card.labels, input: half })).toThrow(/face_framing/);
    expect(() =>
      parseModelCard({
        labels: card.labels,
        input: { ...withRule, face_framing_margin: [1, 2] },
      }),
    ).toThrow(/face_framing/);
  });
});

describe('preprocessing', () => {
  it('passes a 48×48 gray image through unchanged before scaling', () => {
    const data = Uint8Array.from({ length: 48 * 48 }, (_, i) => i % 256);
    const crop = faceCrop({ data, width: 48, height: 48, channels: 1 }, null, card.input);
    expect(Array.from(crop)).toEqual(Array.from(data));
  });

  it('applies x = pixel × scale + offset from the card', () => {
    const white = {
      data: new Uint8Array(48 * 48).fill(255),
      width: 48,
      height: 48,
      channels: 1 as const,
    };
    const input = toModelInput(white, null, card.input);
    expect(input[0]).toBeCloseTo(255 * card.input.scale + card.input.offset, 6);
  });

  it("converts colour with the card's luma weights", () => {
    const red = rgba(96, 96, () => [200, 0, 0]);
    const crop = faceCrop(red, null, card.input);
    expect(crop[0]).toBeCloseTo(200 * card.input.grayscale[0], 4);
  });

  it('averages every source pixel a cell covers when shrinking', () => {
    const checker = rgba(4, 4, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
    const out = resampleRegion(
      checker,
      { x: 0, y: 0, width: 4, height: 4 },
      2,
      2,
      [1 / 3, 1 / 3, 1 / 3],
      1,
    );
    out.forEach((v) => expect(v).toBeCloseTo(127.5, 4));
  });

  it('crops a square around the face with the margin, inside the frame', () => {
    expect(cropBox({ x: 100, y: 100, width: 50, height: 100 }, 640, 480, 0.1)).toEqual({
      x: 65,
      y: 90,
      width: 120,
      height: 120,
    });
    const atEdge = cropBox({ x: 600, y: 440, width: 40, height: 40 }, 640, 480, 0.25);
    expect(atEdge.x + atEdge.width).toBeLessThanOrEqual(640);
    expect(atEdge.y + atEdge.height).toBeLessThanOrEqual(480);
    expect(atEdge.width).toBe(60);
  });

  it("moves the crop's centre by the vertical offset, as a share of the box's height", () => {
    const face = { x: 100, y: 100, width: 50, height: 100 };
    expect(cropBox(face, 640, 480, 0.1, -0.1)).toEqual({ x: 65, y: 80, width: 120, height: 120 });
    expect(cropBox(face, 640, 480, 0.1, 0.25)).toEqual({ x: 65, y: 115, width: 120, height: 120 });
    // Still inside the frame when the offset pushes it past an edge.
    expect(cropBox({ x: 100, y: 0, width: 60, height: 60 }, 640, 480, 0.1, -0.5).y).toBe(0);
  });

  it('only sees the face region', () => {
    // Left half black, right half white: a crop of the right half is all white.
    const frame = rgba(200, 100, (x) => (x < 100 ? [0, 0, 0] : [255, 255, 255]));
    const crop = faceCrop(
      frame,
      { x: 120, y: 20, width: 60, height: 60 },
      { ...card.input, face_margin: 0 },
    );
    expect(Math.min(...crop)).toBeCloseTo(255, 3);
  });
});
