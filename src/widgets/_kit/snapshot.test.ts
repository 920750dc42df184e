import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../lib/ml/model-card.ts';
import { toModelInput, type Pixels } from '../../lib/ml/preprocess.ts';
import {
  cellAtPoint,
  centreSquare,
  channelGrids,
  cropRegion,
  describeLuma,
  describeNormalisation,
  exactFloat32,
  formatModelInput,
  gridStats,
  modelInput,
  moveCell,
  pixelsRectReader,
  rescaleCell,
  takeSnapshot,
} from './snapshot.ts';

const card = parseModelCard(
  JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')),
);
const spec = card.input;

function rgba(
  width: number,
  height: number,
  paint: (x: number, y: number) => [number, number, number],
): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...paint(x, y), 255], (y * width + x) * 4);
  return { data, width, height, channels: 4 };
}

const frame = rgba(160, 120, (x, y) => [
  (x * 7 + y) % 256,
  (x * 3 + y * 5) % 256,
  (x + y * 11) % 256,
]);

describe('snapshot', () => {
  it('gives exactly the numbers of toModelInput on the whole frame, for a face box', () => {
    for (const face of [
      { x: 40.3, y: 20.7, width: 50.2, height: 61.9 },
      { x: 0, y: 0, width: 30, height: 30 }, // at the corner: the crop is pushed inside the frame
      { x: 130, y: 95, width: 29, height: 24.5 },
    ]) {
      const snap = takeSnapshot(pixelsRectReader(frame), frame.width, frame.height, face, spec);
      expect(Array.from(modelInput(snap, spec))).toEqual(
        Array.from(toModelInput(frame, face, spec)),
      );
    }
  });

  it('reads only the rectangle around the crop, not the whole frame', () => {
    const reads: number[][] = [];
    const reader = pixelsRectReader(frame);
    takeSnapshot(
      (x, y, w, h) => (reads.push([x, y, w, h]), reader(x, y, w, h)),
      frame.width,
      frame.height,
      { x: 40, y: 20, width: 50, height: 60 },
      spec,
    );
    expect(reads).toHaveLength(1);
    const [, , w, h] = reads[0]!;
    expect(w * h).toBeLessThan(frame.width * frame.height);
  });

  it('uses the centre square of the photo when there is no face', () => {
    expect(centreSquare(160, 120)).toEqual({ x: 20, y: 0, width: 120, height: 120 });
    expect(cropRegion(null, 160, 120, spec)).toEqual({ x: 20, y: 0, width: 120, height: 120 });
    const snap = takeSnapshot(pixelsRectReader(frame), frame.width, frame.height, null, spec);
    expect(Array.from(modelInput(snap, spec))).toEqual(
      Array.from(toModelInput(frame, centreSquare(160, 120), spec)),
    );
  });

  it('at the card size, the grey grid scaled by the card is the model input', () => {
    const snap = takeSnapshot(
      pixelsRectReader(frame),
      frame.width,
      frame.height,
      { x: 50, y: 30, width: 40, height: 40 },
      spec,
    );
    const grids = channelGrids(snap, spec.width, spec);
    const input = modelInput(snap, spec);
    expect(grids.gray).toHaveLength(spec.width * spec.height);
    grids.gray.forEach((g, i) => expect(Math.fround(g * spec.scale + spec.offset)).toBe(input[i]));
  });

  it('grey is the card’s mix of red, green and blue', () => {
    const snap = takeSnapshot(pixelsRectReader(frame), frame.width, frame.height, null, spec);
    for (const size of [8, 33, 96]) {
      const { gray, rgb } = channelGrids(snap, size, spec);
      expect(gray).toHaveLength(size * size);
      expect(rgb).toHaveLength(size * size * 3);
      for (const i of [0, size + 3, size * size - 1]) {
        const [r, g, b] = [rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!];
        expect(gray[i]).toBeCloseTo(
          spec.grayscale[0] * r + spec.grayscale[1] * g + spec.grayscale[2] * b,
          2,
        );
      }
    }
  });
});

describe('text for the reader', () => {
  it('writes float32 values exactly and briefly', () => {
    for (const v of [0, 1, 0.5, 143 / 255, 12 / 255, 0.1]) {
      const s = exactFloat32(v);
      expect(Math.fround(Number(s))).toBe(Math.fround(v));
      expect(s.length).toBeLessThanOrEqual(11);
    }
    expect(exactFloat32(0.5)).toBe('0.5');
  });

  it('formats the model input as one JSON row per line that reads back exactly', () => {
    const values = Float32Array.from(
      { length: spec.width * spec.height },
      (_, i) => ((i * 37) % 256) * spec.scale + spec.offset,
    );
    const text = formatModelInput(values, spec);
    const back = JSON.parse(text) as number[][];
    expect(back).toHaveLength(spec.height);
    expect(back[0]).toHaveLength(spec.width);
    expect(Float32Array.from(back.flat())).toEqual(values);
    expect(text.split('\n')).toHaveLength(spec.height + 2);
    expect(() => formatModelInput(values.subarray(1), spec)).toThrow(RangeError);
  });

  it('describes the card’s normalisation and grey mix from the card', () => {
    expect(describeNormalisation(spec)).toBe(
      spec.offset === 0 && Math.abs(1 / spec.scale - 255) < 1e-6
        ? 'grey value ÷ 255'
        : describeNormalisation(spec),
    );
    expect(describeNormalisation({ ...spec, scale: 1 / 127.5, offset: -1 })).toBe(
      'grey value × 0.007843 − 1',
    );
    expect(describeLuma(spec)).toBe(
      `${spec.grayscale[0]} × red + ${spec.grayscale[1]} × green + ${spec.grayscale[2]} × blue`,
    );
    expect(describeLuma(spec, [200.4, 10, 0])).toBe(
      `${spec.grayscale[0]} × 200 + ${spec.grayscale[1]} × 10 + ${spec.grayscale[2]} × 0`,
    );
  });

  it('finds the darkest and brightest cells', () => {
    expect(gridStats([5, 1, 9, 1])).toEqual({ min: 1, max: 9, mean: 4, darkest: 1, brightest: 2 });
  });
});

describe('moving around the grid', () => {
  it('moves with arrows, Home/End, PageUp/PageDown and stays inside', () => {
    const c = { row: 0, col: 0 };
    expect(moveCell(c, 'ArrowLeft', 48)).toEqual(c);
    expect(moveCell(c, 'ArrowRight', 48)).toEqual({ row: 0, col: 1 });
    expect(moveCell(c, 'ArrowDown', 48)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 5, col: 5 }, 'End', 48)).toEqual({ row: 5, col: 47 });
    expect(moveCell({ row: 5, col: 5 }, 'End', 48, true)).toEqual({ row: 47, col: 47 });
    expect(moveCell({ row: 5, col: 5 }, 'Home', 48, true)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 5, col: 5 }, 'PageDown', 48)).toEqual({ row: 11, col: 5 });
    expect(moveCell({ row: 47, col: 5 }, 'PageDown', 48)).toEqual({ row: 47, col: 5 });
    expect(moveCell(c, 'a', 48)).toBeNull();
  });

  it('finds the cell under a point', () => {
    const rect = { left: 10, top: 20, width: 480, height: 480 };
    expect(cellAtPoint(10, 20, rect, 48)).toEqual({ row: 0, col: 0 });
    expect(cellAtPoint(489, 499, rect, 48)).toEqual({ row: 47, col: 47 });
    expect(cellAtPoint(135, 20, rect, 48)).toEqual({ row: 0, col: 12 });
    expect(cellAtPoint(9, 20, rect, 48)).toBeNull();
    expect(cellAtPoint(490, 20, rect, 48)).toBeNull();
  });

  it('keeps the same spot of the face when the resolution changes', () => {
    expect(rescaleCell({ row: 24, col: 12 }, 48, 96)).toEqual({ row: 49, col: 25 });
    expect(rescaleCell({ row: 47, col: 0 }, 48, 8)).toEqual({ row: 7, col: 0 });
  });
});
