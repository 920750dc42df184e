/** Where the playground's filter goes: size changes, play ticks, keys and pointer picks. */
import { describe, expect, it } from 'vitest';
import {
  carryPosition,
  clampPosition,
  keyTarget,
  pickOnMap,
  pickOnPicture,
  playTick,
  Walk,
} from './stepper.ts';

const map46 = { width: 46, height: 46 }; // a 48 × 48 picture, 3 × 3 filter, stride 1, no padding
const map23 = { width: 23, height: 23 }; // the same with stride 2

describe('carryPosition', () => {
  it('starts in the middle column, 40 % of the way down', () => {
    expect(carryPosition(0, null, map46)).toBe(18 * 46 + 23);
  });
  it('keeps the filter on the same spot when the map changes size', () => {
    // Row 18, column 23 of 46 is row 9, column 11 of 23; back on 46 that is row 19, column 23
    // (the centre of square 9.5 of 23 is 18.5 of 46, which rounds up).
    expect(carryPosition(18 * 46 + 23, map46, map23)).toBe(9 * 23 + 11);
    expect(carryPosition(9 * 23 + 11, map23, map46)).toBe(19 * 46 + 23);
  });
  it('keeps the position when the width stays, clamped to a shorter map', () => {
    expect(carryPosition(100, map46, map46)).toBe(100);
    expect(carryPosition(50, { width: 5, height: 20 }, { width: 5, height: 4 })).toBe(19);
  });
});

describe('playTick', () => {
  it('moves one position, or to the end of the next row', () => {
    expect(playTick(0, map46, 1)).toBe(1);
    expect(playTick(3, map46, 'row')).toBe(2 * 46 - 1);
    expect(playTick(45, map46, 'row')).toBe(2 * 46 - 1);
  });
  it('stops at the last position', () => {
    expect(playTick(46 * 46 - 1, map46, 1)).toBe(46 * 46 - 1);
    expect(playTick(45 * 46, map46, 'row')).toBe(46 * 46 - 1);
  });
});

describe('keyTarget', () => {
  const at = 2 * 46 + 2;
  const move = (key: string, toCorner = false) => keyTarget(at, map46, { key, toCorner });
  it('moves one square with the arrows and five rows with the page keys', () => {
    expect(move('ArrowLeft')).toBe(at - 1);
    expect(move('ArrowRight')).toBe(at + 1);
    expect(move('ArrowUp')).toBe(at - 46);
    expect(move('ArrowDown')).toBe(at + 46);
    expect(move('PageDown')).toBe(7 * 46 + 2);
  });
  it('stays on the map', () => {
    expect(move('PageUp')).toBe(2);
    expect(keyTarget(45, map46, { key: 'ArrowRight', toCorner: false })).toBe(45);
  });
  it('goes to the row ends with Home and End, the corners with Ctrl', () => {
    expect(move('Home')).toBe(2 * 46);
    expect(move('End')).toBe(3 * 46 - 1);
    expect(move('Home', true)).toBe(0);
    expect(move('End', true)).toBe(46 * 46 - 1);
  });
  it('ignores other keys', () => {
    expect(move('a')).toBeNull();
  });
});

describe('pointer picks', () => {
  it('centres the filter on the picked picture square', () => {
    // Square 10 of 48 across and 20 down is the centre of position (9, 19).
    const options = { stride: 1, padding: 0 };
    expect(pickOnPicture(10.5 / 48, 20.5 / 48, 48, options, map46)).toBe(19 * 46 + 9);
    // Stride 2, padding 1: square 11 of the 50-wide padded picture is centred under position 5.
    expect(pickOnPicture(11.5 / 50, 0, 48, { stride: 2, padding: 1 }, map23)).toBe(5);
    expect(pickOnPicture(1, 1, 48, options, map46)).toBe(46 * 46 - 1);
  });
  it('picks the feature-map cell under the pointer', () => {
    expect(pickOnMap(0.5, 0.25, map46)).toBe(11 * 46 + 23);
    expect(pickOnMap(1, 1, map46)).toBe(46 * 46 - 1);
  });
});

describe('clampPosition', () => {
  it('keeps an index on the map', () => {
    expect(clampPosition(-3, map46)).toBe(0);
    expect(clampPosition(5000, map46)).toBe(46 * 46 - 1);
    expect(clampPosition(7, { width: 0, height: 0 })).toBe(0);
  });
});

describe('Walk: play, pause, step and the whole map', () => {
  const map3 = { width: 3, height: 2 }; // six positions

  it('play starts from the first position, then fills in the map one position a tick', () => {
    const walk = new Walk();
    walk.pos = 4;
    expect(walk.play(map3)).toBe(true);
    expect([walk.pos, walk.stepping, walk.playing]).toEqual([0, true, true]);
    expect([walk.tick(map3), walk.pos]).toEqual([false, 1]);
  });

  it('stops by itself at the last position, and starts over when played again', () => {
    const walk = new Walk();
    walk.play(map3);
    const ticks = [1, 2, 3, 4, 5].map(() => walk.tick(map3));
    expect(ticks).toEqual([false, false, false, false, true]);
    expect([walk.pos, walk.playing, walk.stepping]).toEqual([5, false, true]);
    expect(walk.play(map3)).toBe(true);
    expect(walk.pos).toBe(0);
  });

  it('a paused walk plays on from where it was', () => {
    const walk = new Walk();
    walk.play(map3);
    walk.tick(map3);
    expect(walk.pause()).toBe(true);
    expect(walk.pause()).toBe(false);
    expect(walk.play(map3)).toBe(false);
    expect(walk.pos).toBe(1);
  });

  it('fast play goes to the end of the next row each tick', () => {
    const walk = new Walk('fast');
    const map33 = { width: 3, height: 3 };
    walk.play(map33);
    expect([walk.tick(map33), walk.pos]).toEqual([false, 5]);
    expect([walk.tick(map33), walk.pos]).toEqual([true, 8]);
  });

  it('the step buttons start stepping, a pick or a key only moves, both stay on the map', () => {
    const walk = new Walk();
    walk.goTo(9, map3);
    expect([walk.pos, walk.stepping]).toEqual([5, false]);
    walk.goTo(-1, map3, true);
    expect([walk.pos, walk.stepping]).toEqual([0, true]);
  });

  it('the whole map: no stepping, no playing', () => {
    const walk = new Walk();
    walk.play(map3);
    walk.stopStepping();
    expect([walk.stepping, walk.playing]).toEqual([false, false]);
  });

  it('carries its position to a map of another size', () => {
    const walk = new Walk();
    walk.carry(null, map46);
    expect(walk.pos).toBe(18 * 46 + 23);
    walk.carry(map46, map23);
    expect(walk.pos).toBe(9 * 23 + 11);
  });
});
