/**
 * The frame pipeline in Node: cropping only the face region gives exactly the numbers of
 * toModelInput on the whole frame; several faces are classified in one batch, each with its own
 * smoothed scores; feature maps come for the face asked for; the real model gives the same
 * probabilities through the pipeline as through the classifier directly.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmotionClassifier } from '../ml/classifier.ts';
import type { ModelCard } from '../ml/model-card.ts';
import { fileHandler, readModelCard } from '../ml/node-io.ts';
import { toModelInput, faceCrop } from '../ml/preprocess.ts';
import { FaceTracks, overlap, smoothingWeight } from '../ml/smoothing.ts';
import { alignedRect, faceInput, pixelsReader } from './crop.ts';
import { toModelError } from './errors.ts';
import { EmotionPipeline } from './pipeline.ts';
import { isPredictionMessage, toPredictionMessage } from './types.ts';
import { face, makeFrame, scriptedDetector, tinyClassifier } from './pipeline-test-helpers.ts';

const MODEL_DIR = 'public/models/emotion-cnn';
/** The committed model (its card is always there; the weights come with the model's own commit). */
const HAS_MODEL = existsSync(`${MODEL_DIR}/model.json`);
let card: ModelCard;

beforeAll(async () => {
  await tf.setBackend('cpu');
  card = await readModelCard(MODEL_DIR);
});

describe('smoothing', () => {
  it('weighs a new observation by elapsed time, not by frame count', () => {
    expect(smoothingWeight(250, 250)).toBeCloseTo(0.5);
    expect(smoothingWeight(500, 250)).toBeCloseTo(0.75);
    expect(smoothingWeight(10, 0)).toBe(1);
    // Two frames of 125 ms move as far as one of 250 ms.
    const w1 = smoothingWeight(125, 250);
    expect(1 - (1 - w1) * (1 - w1)).toBeCloseTo(smoothingWeight(250, 250));
  });

  it('follows each face by its box and keeps probabilities summing to 1', () => {
    const t = new FaceTracks({ halfLifeMs: 100 });
    const a = { x: 0.1, y: 0.1, width: 0.2, height: 0.2 };
    const b = { x: 0.6, y: 0.5, width: 0.2, height: 0.2 };
    const first = t.update(
      [a, b],
      [
        [1, 0],
        [0, 1],
      ],
      0,
    );
    expect(first.map((f) => f.id)).toEqual([1, 2]);
    // Next frame: the faces come in the other order and have moved a little.
    const b2 = { ...b, x: 0.61 };
    const a2 = { ...a, y: 0.11 };
    const next = t.update(
      [b2, a2],
      [
        [1, 0],
        [0, 1],
      ],
      100,
    );
    expect(next.map((f) => f.id)).toEqual([2, 1]);
    expect(next[0]!.probabilities[0]).toBeCloseTo(0.5); // half-way after one half-life
    expect(next[1]!.probabilities[1]).toBeCloseTo(0.5);
    for (const f of next) expect(f.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1);
    // A face away for longer than forgetAfterMs comes back as a new face.
    const later = t.update([a], [[0, 1]], 2000);
    expect(later[0]!.id).toBe(3);
    expect(later[0]!.probabilities).toEqual([0, 1]);
  });

  it('measures overlap as intersection over union', () => {
    const a = { x: 0, y: 0, width: 2, height: 2 };
    expect(overlap(a, a)).toBe(1);
    expect(overlap(a, { x: 1, y: 0, width: 2, height: 2 })).toBeCloseTo(1 / 3);
    expect(overlap(a, { x: 5, y: 5, width: 1, height: 1 })).toBe(0);
  });
});

describe('cropping only the face region', () => {
  const frame = makeFrame(320, 240, 3);
  const cases = [
    { x: 100.3, y: 50.7, width: 80.2, height: 95.9 },
    { x: 0, y: 0, width: 60, height: 60 }, // at the corner: the crop is pushed inside the frame
    { x: 280.5, y: 200.25, width: 39.5, height: 39.75 },
    { x: 10, y: 5, width: 300, height: 230 }, // larger than the frame's height once grown
  ];
  it.each(cases)("gives exactly toModelInput's numbers for %o", (box) => {
    const r = faceInput(pixelsReader, frame, box, frame.width, frame.height, card.input);
    expect(Array.from(r.input)).toEqual(Array.from(toModelInput(frame, box, card.input)));
    expect(Array.from(r.crop)).toEqual(Array.from(faceCrop(frame, box, card.input)));
    expect(r.crop.length).toBe(card.input.width * card.input.height * card.input.channels);
  });

  it("moves the region by the card's vertical offset, still with toModelInput's numbers", () => {
    const box = { x: 100, y: 60, width: 80, height: 80 };
    const spec = { ...card.input, face_margin: 0.1, face_offset_y: -0.2 };
    const r = faceInput(pixelsReader, frame, box, frame.width, frame.height, spec);
    expect(r.region.y + r.region.height / 2).toBeCloseTo(60 + 40 - 0.2 * 80);
    expect(Array.from(r.input)).toEqual(Array.from(toModelInput(frame, box, spec)));
  });

  it('reads a whole-pixel rectangle around the region', () => {
    expect(alignedRect({ x: 1.5, y: 2.2, width: 10, height: 10 }, 100, 100)).toEqual({
      x: 1,
      y: 2,
      width: 11,
      height: 11,
    });
    expect(alignedRect({ x: 90.5, y: 0, width: 9.5, height: 10 }, 100, 100)).toEqual({
      x: 90,
      y: 0,
      width: 10,
      height: 10,
    });
  });
});

describe('EmotionPipeline', () => {
  it('reads several faces at once, each smoothed on its own, with timings per stage', async () => {
    const classifier = await tinyClassifier(card);
    const boxes = [
      { x: 0.1, y: 0.1, width: 0.3, height: 0.4 },
      { x: 0.55, y: 0.2, width: 0.25, height: 0.3 },
    ];
    const detector = scriptedDetector<ReturnType<typeof makeFrame>>(() =>
      boxes.map((b) => face(b)),
    );
    const pipeline = new EmotionPipeline(detector, classifier, pixelsReader, {
      smoothing: { halfLifeMs: 200 },
    });
    const frame = makeFrame(200, 150, 1);
    const p1 = pipeline.process(frame, { width: 200, height: 150, time: 0, fps: 12 });
    expect(p1.faces).toHaveLength(2);
    expect(p1.facesFound).toBe(2);
    expect(p1.fps).toBe(12);
    expect(p1.labels).toEqual(card.labels);
    for (const f of p1.faces) {
      expect(Object.keys(f.scores)).toEqual(card.labels);
      expect(Object.values(f.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      expect(f.top).toBe(card.labels[f.probabilities.indexOf(Math.max(...f.probabilities))]);
      expect(f.crop.length).toBe(48 * 48);
      // The crop region contains the face box.
      expect(f.cropBox.x).toBeLessThanOrEqual(f.box.x);
      expect(f.cropBox.x + f.cropBox.width).toBeGreaterThanOrEqual(f.box.x + f.box.width - 1e-9);
    }
    // Same as classifying the two inputs directly, in one batch.
    const direct = classifier.predict(
      boxes.map((b) =>
        toModelInput(
          frame,
          { x: b.x * 200, y: b.y * 150, width: b.width * 200, height: b.height * 150 },
          card.input,
        ),
      ),
    );
    p1.faces.forEach((f, i) =>
      f.rawProbabilities.forEach((v, k) => expect(v).toBeCloseTo(direct[i]![k]!, 5)),
    );
    for (const stage of ['detect', 'crop', 'classify', 'total'] as const)
      expect(p1.timings[stage]).toBeGreaterThanOrEqual(0);
    expect(p1.timings.featureMaps).toBeUndefined();

    // A different frame: raw scores change, smoothed scores move only part of the way.
    const p2 = pipeline.process(makeFrame(200, 150, 90), { width: 200, height: 150, time: 100 });
    expect(p2.faces.map((f) => f.id)).toEqual(p1.faces.map((f) => f.id));
    const f1 = p1.faces[0]!,
      f2 = p2.faces[0]!;
    const w = smoothingWeight(100, 200);
    f2.probabilities.forEach((v, k) =>
      expect(v).toBeCloseTo(
        f1.probabilities[k]! + w * (f2.rawProbabilities[k]! - f1.probabilities[k]!),
        6,
      ),
    );

    // A still photo is not smoothed.
    const p3 = pipeline.process(makeFrame(200, 150, 90), {
      width: 200,
      height: 150,
      time: 200,
      source: 'image',
    });
    expect(p3.faces[0]!.probabilities).toEqual(p3.faces[0]!.rawProbabilities);
    expect(p3.faces.map((f) => f.id)).toEqual([1, 2]);
    classifier.dispose();
  });

  it('computes feature maps for the face asked for, with the same scores', async () => {
    const classifier = await tinyClassifier(card);
    const boxes = [
      { x: 0.05, y: 0.1, width: 0.4, height: 0.5 },
      { x: 0.6, y: 0.3, width: 0.2, height: 0.3 },
    ];
    const pipeline = new EmotionPipeline(
      scriptedDetector(() => boxes.map((b) => face(b))),
      classifier,
      pixelsReader,
    );
    const frame = makeFrame(160, 120, 5);
    const plain = pipeline.process(frame, { width: 160, height: 120, time: 0, source: 'image' });
    const largest = pipeline.process(frame, {
      width: 160,
      height: 120,
      time: 0,
      source: 'image',
      featureMaps: true,
    });
    expect(largest.featureMaps?.faceId).toBe(largest.faces[0]!.id);
    expect(largest.featureMaps?.maps.map((m) => m.layer)).toEqual(classifier.convLayers);
    expect(largest.timings.featureMaps).toBeGreaterThanOrEqual(0);
    const second = pipeline.process(frame, {
      width: 160,
      height: 120,
      time: 0,
      source: 'image',
      featureMaps: { ...boxes[1]!, x: 0.61 },
    });
    expect(second.featureMaps?.faceId).toBe(2);
    const m = second.featureMaps!.maps[0]!;
    expect(m.data.length).toBe(m.width * m.height * m.channels);
    second.faces.forEach((f, i) =>
      f.rawProbabilities.forEach((v, k) =>
        expect(v).toBeCloseTo(plain.faces[i]!.rawProbabilities[k]!, 5),
      ),
    );
    classifier.dispose();
  });

  it('reads at most maxFaces faces, largest first, and counts the rest', async () => {
    const classifier = await tinyClassifier(card);
    const many = Array.from({ length: 9 }, (_, i) =>
      face({ x: (i % 3) * 0.3, y: Math.floor(i / 3) * 0.3, width: 0.2, height: 0.2 }),
    );
    const pipeline = new EmotionPipeline(
      scriptedDetector(() => many),
      classifier,
      pixelsReader,
      { maxFaces: 4 },
    );
    const p = pipeline.process(makeFrame(90, 90), { width: 90, height: 90, time: 0 });
    expect(p.faces).toHaveLength(4);
    expect(p.facesFound).toBe(9);
    const none = new EmotionPipeline(
      scriptedDetector(() => []),
      classifier,
      pixelsReader,
    ).process(makeFrame(90, 90), { width: 90, height: 90, time: 0 });
    expect(none.faces).toEqual([]);
    classifier.dispose();
  });

  it('on frames that run the detector, the detector and the crops read the copy of the frame', async () => {
    const classifier = await tinyClassifier(card);
    const box = { x: 0.2, y: 0.15, width: 0.5, height: 0.6 };
    const seen: unknown[] = [];
    const detector = {
      detect(frame: ReturnType<typeof makeFrame>) {
        seen.push(frame);
        return [face(box)];
      },
    };
    const copies: ReturnType<typeof makeFrame>[] = [];
    const pipeline = new EmotionPipeline(detector, classifier, pixelsReader, {
      copyFrame: (frame) => {
        const copy = { ...frame, data: frame.data.slice() };
        copies.push(copy);
        return copy;
      },
    });
    const frame = makeFrame(128, 96, 3);
    const size = { width: 128, height: 96 };
    const detected = pipeline.process(frame, { ...size, time: 0, source: 'image' });
    expect(copies).toHaveLength(1);
    expect(seen).toEqual([copies[0]]);
    expect(seen[0]).not.toBe(frame);
    // Same pixels, so the same crop and the same probabilities as without a copy.
    const plain = new EmotionPipeline(detector, classifier, pixelsReader).process(frame, {
      ...size,
      time: 0,
      source: 'image',
    });
    expect(detected.faces[0]!.crop).toEqual(plain.faces[0]!.crop);
    expect(detected.faces[0]!.probabilities).toEqual(plain.faces[0]!.probabilities);
    // A frame with its faces given (followed, not detected) is read as it is: no copy.
    pipeline.process(frame, { ...size, time: 40, faces: [face(box)] });
    expect(copies).toHaveLength(1);
    classifier.dispose();
  });

  it.skipIf(!HAS_MODEL)(
    "gives the real model's probabilities, and a small message for embedders",
    async () => {
      const classifier = await EmotionClassifier.load(fileHandler(`${MODEL_DIR}/model.json`), card);
      const box = { x: 0.2, y: 0.15, width: 0.5, height: 0.6 };
      const frame = makeFrame(128, 96, 7);
      const p = new EmotionPipeline(
        scriptedDetector(() => [face(box)]),
        classifier,
        pixelsReader,
      ).process(frame, { width: 128, height: 96, time: 0, fps: 29.97 });
      const direct = classifier.predict([
        toModelInput(
          frame,
          { x: 0.2 * 128, y: 0.15 * 96, width: 0.5 * 128, height: 0.6 * 96 },
          card.input,
        ),
      ])[0]!;
      p.faces[0]!.probabilities.forEach((v, k) => expect(v).toBeCloseTo(direct[k]!, 5));

      const msg = toPredictionMessage(p, 'live-demo');
      expect(isPredictionMessage(msg)).toBe(true);
      expect(msg).toMatchObject({
        source: 'emotion-lens',
        type: 'prediction',
        version: 1,
        widget: 'live-demo',
        fps: 30,
      });
      expect(msg.faces[0]!.box).toEqual(box);
      expect(msg.faces[0]!.top).toBe(p.faces[0]!.top);
      expect(Object.keys(msg.faces[0]!.scores)).toEqual(card.labels);
      expect(structuredClone(msg)).toEqual(msg);
      classifier.dispose();
    },
    60_000,
  );
});

describe('model errors', () => {
  it('sorts load failures into missing, network and corrupt', () => {
    expect(
      toModelError(
        new Error(
          'Request to /models/emotion-cnn/model.json failed with status code 404. Please verify',
        ),
      ).code,
    ).toBe('model-missing');
    expect(toModelError(new TypeError('Failed to fetch')).code).toBe('model-network');
    expect(toModelError(new Error('Failed to parse model JSON of response from /x')).code).toBe(
      'model-corrupt',
    );
    for (const code of ['model-missing', 'model-network', 'model-corrupt']) {
      const e = toModelError(
        new Error(
          code === 'model-missing' ? '404' : code === 'model-network' ? 'NetworkError' : 'bad',
        ),
      );
      expect(e.hint.length).toBeGreaterThan(10);
    }
  });
});
