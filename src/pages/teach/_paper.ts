/**
 * The sums behind the handouts' paper exercises, so the teacher's key is computed from the very numbers
 * students get, never typed.
 */
import type { PaperGrid } from '../../content/lesson-plans/schema.ts';

type Grid = number[][];

/** Slide a 3 × 3 filter over the grid (no padding, stride 1): multiply, then add, at every place it fits. */
export function convolve(numbers: Grid, filter: Grid): Grid {
  const out: Grid = [];
  for (let r = 0; r + 3 <= numbers.length; r++) {
    const row: number[] = [];
    for (let c = 0; c + 3 <= numbers[r]!.length; c++) {
      let sum = 0;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) sum += numbers[r + i]![c + j]! * filter[i]![j]!;
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

/** ReLU: negative numbers become 0. */
export const relu = (numbers: Grid): Grid => numbers.map((row) => row.map((x) => Math.max(0, x)));

/** Max pooling: keep the largest of each 2 × 2 block. */
export function maxPool(numbers: Grid): Grid {
  const out: Grid = [];
  for (let r = 0; r + 2 <= numbers.length; r += 2) {
    const row: number[] = [];
    for (let c = 0; c + 2 <= numbers[r]!.length; c += 2) {
      row.push(
        Math.max(
          numbers[r]![c]!,
          numbers[r]![c + 1]!,
          numbers[r + 1]![c]!,
          numbers[r + 1]![c + 1]!,
        ),
      );
    }
    out.push(row);
  }
  return out;
}

/** The grids of the teacher's key, each with a caption. "shade" has none: the answer is the shading. */
export function paperKey(grid: PaperGrid): { caption: string; numbers: Grid }[] {
  switch (grid.kind) {
    case 'shade':
      return [];
    case 'convolve':
      return [
        {
          caption: `The feature map (${grid.filterName}, no padding, stride 1)`,
          numbers: convolve(grid.numbers, grid.filter),
        },
      ];
    case 'relu-pool': {
      const rectified = relu(grid.numbers);
      return [
        { caption: 'After ReLU', numbers: rectified },
        { caption: 'After 2 × 2 max pooling', numbers: maxPool(rectified) },
      ];
    }
  }
}
