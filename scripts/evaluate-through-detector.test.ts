/**
 * The through-detector measurement's own arithmetic, without FER2013 or a browser: the frame the
 * detector sees holds the face pixel for pixel, a box found on it maps back onto FER2013's picture,
 * the crop cut from it is the pipeline's, and calibrating writes only the card's crop settings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { withCropSettings } from './evaluate-through-detector.ts';
import {
  boxOnPicture,
  composeFrame,
  croppedInputs,
  placement,
  saveCrops,
  type FaceThroughDetector,
  type LiveFrame,
} from './lib/through-detector.ts';
import { parseModelCard } from '../src/lib/ml/model-card.ts';
import { toModelInput } from '../src/lib/ml/preprocess.ts';

const frame: LiveFrame = { scale: 4, width: 64, height: 48, background: 128 };
const face = {
  data: Uint8Array.from({ length: 16 * 16 }, (_, i) => i % 250),
  width: 16,
  height: 16,
  channels: 1 as const,
};
const seen = (box: FaceThroughDetector['box']): FaceThroughDetector => ({
  file: { path: 'a.jpg', label: 0 },
  face,
  box,
  found: box ? 1 : 0,
  score: 0.9,
  keypoints: [],
});

describe('the frame the detector sees', () => {
  it('holds the enlarged face in its middle, pixel for pixel, on the plain background', () => {
    const at = placement(16, frame);
    expect(at).toEqual({ x: 24, y: 16 });
    const pixels = composeFrame(face, frame);
    expect(pixels.data[(at.y + 3) * 64 + at.x + 5]).toBe(face.data[3 * 16 + 5]);
    expect(pixels.data[0]).toBe(128);
    expect(pixels.data[(at.y + 16) * 64 + at.x]).toBe(128);
  });

  it("maps a box found on the frame back onto the picture, in the picture's pixels", () => {
    expect(boxOnPicture(seen({ x: 28, y: 20, width: 8, height: 12 }), frame)).toEqual({
      x: 1,
      y: 1,
      width: 2,
      height: 3,
    });
  });

  it("cuts the face out with the pipeline's crop, as toModelInput would from the whole frame", () => {
    const card = parseModelCard(
      JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')),
    );
    const box = { x: 26, y: 18, width: 12, height: 12 };
    const [input] = croppedInputs([seen(box)], frame, card.input);
    expect(Array.from(input!)).toEqual(
      Array.from(toModelInput(composeFrame(face, frame), box, card.input)),
    );
    expect(() => croppedInputs([seen(null)], frame, card.input)).toThrow(/no face/);
  });
});

describe('the cuts saved for training', () => {
  it("are the classifier's inputs as gray 48×48 pictures, in the dataset's class folders", async () => {
    const card = parseModelCard(
      JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')),
    );
    const folder = mkdtempSync(join(tmpdir(), 'cuts-'));
    try {
      const found = {
        ...seen({ x: 26, y: 18, width: 12, height: 12 }),
        file: { path: 'x/Training_7.jpg', label: 3 },
      };
      const [input] = croppedInputs([found], frame, card.input);
      expect(await saveCrops([found], [input!], card.input, card.labels, folder)).toBe(1);
      const file = join(folder, card.labels[3]!, 'Training_7.png');
      expect((await sharp(file).metadata()).channels).toBe(1);
      const { data, info } = await sharp(file)
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([48, 48, 1]);
      expect(Array.from(data)).toEqual(
        Array.from(input!, (v) => Math.round((v - card.input.offset) / card.input.scale)),
      );
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});

describe('calibration', () => {
  it("writes the crop settings into the card's input and leaves every other character alone", () => {
    const card =
      '{\n "labels": ["a", "b"],\n "input": {\n  "width": 48,\n  "face_margin": 0.1\n },\n "training": {\n  "augment_strength": 1.0\n }\n}';
    const written = withCropSettings(card, { face_margin: 0.12, face_offset_y: -0.12 });
    expect(written).toBe(
      '{\n "labels": ["a", "b"],\n "input": {\n  "width": 48,\n  "face_margin": 0.12,\n  "face_offset_y": -0.12\n },\n "training": {\n  "augment_strength": 1.0\n }\n}',
    );
  });
});
