import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrixChoices } from './choices.ts';
import { cellSentence, moveInGrid, rowShares, summarise } from './matrix.ts';
import { parsePeers, parseZoo } from '../../lib/zoo/zoo-data.ts';
import { emotionWord } from '../../lib/format.ts';

const labels = ['angry', 'fear', 'sad'];
// rows: true emotion; columns: the model's guess
const m = [
  [300, 47, 120],
  [50, 200, 246],
  [1, 0, 0],
];

describe('confusion matrix in words', () => {
  it('normalises each row to shares', () => {
    const s = rowShares(m);
    expect(s[0].reduce((a, b) => a + b)).toBeCloseTo(1);
    expect(s[0][2]).toBeCloseTo(120 / 467);
    expect(
      rowShares([
        [0, 0],
        [1, 1],
      ])[0],
    ).toEqual([0, 0]);
  });

  it('explains a cell like a person would', () => {
    expect(cellSentence(m, labels, 0, 2, emotionWord)).toBe(
      'Of 467 angry faces, 120 (26%) were called sad.',
    );
    expect(cellSentence(m, labels, 0, 0, emotionWord)).toBe(
      'Of 467 angry faces, 300 (64%) were correctly called angry.',
    );
    expect(cellSentence(m, labels, 2, 0, emotionWord)).toBe(
      'Of 1 sad face, 1 (100%) was called angry.',
    );
    expect(cellSentence(m, labels, 1, 2, emotionWord)).toBe(
      'Of 496 fearful faces, 246 (50%) were called sad.',
    );
    expect(
      cellSentence(
        [
          [0, 0],
          [0, 0],
        ],
        ['a', 'b'],
        0,
        1,
      ),
    ).toBe('There were no a faces in the test pictures.');
  });

  it('summarises the best, the worst and the biggest mix-up', () => {
    const s = summarise(m, labels);
    expect(s.total).toBe(964);
    expect(s.correct).toBe(500);
    expect(s.best).toMatchObject({ label: 'angry', faces: 467 });
    expect(s.worst).toMatchObject({ label: 'sad', faces: 1 });
    expect(s.topMixUp).toEqual({ truth: 'sad', guess: 'angry', count: 1, share: 1, faces: 1 });
  });

  it('moves around the grid with the arrow keys and stops at the edges', () => {
    expect(moveInGrid('ArrowRight', 0, 0, 7)).toEqual([0, 1]);
    expect(moveInGrid('ArrowLeft', 0, 0, 7)).toEqual([0, 0]);
    expect(moveInGrid('ArrowDown', 6, 3, 7)).toEqual([6, 3]);
    expect(moveInGrid('ArrowUp', 6, 3, 7)).toEqual([5, 3]);
    expect(moveInGrid('Home', 4, 4, 7)).toEqual([4, 0]);
    expect(moveInGrid('End', 4, 4, 7)).toEqual([4, 6]);
    expect(moveInGrid('Home', 4, 4, 7, true)).toEqual([0, 0]);
    expect(moveInGrid('End', 4, 4, 7, true)).toEqual([6, 6]);
    expect(moveInGrid('PageDown', 1, 2, 7)).toEqual([6, 2]);
    expect(moveInGrid('a', 1, 2, 7)).toBeNull();
  });
});

describe('matrix choices from the committed data', () => {
  it('names the test set as readers know it, with its face count', () => {
    const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
    const choices = matrixChoices(
      parseZoo(readJson('src/data/zoo.json'), readJson('src/data/dataset-stats.json').labels),
      parsePeers(readJson('src/data/peers.json')),
    );
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) {
      expect(c.measuredOn).toBe(
        `test set (FER2013 PublicTest, ${summarise(c.confusion, c.labels).total.toLocaleString('en-GB')} faces)`,
      );
    }
  });
});
