/**
 * The model as a learner meets it: FER2013 faces through the site's face detector and crop, beside
 * the model card's figure for the same pictures read directly.
 *
 *   npm run evaluate:through-detector -- --data ../shared/datasets/fer2013 [--split validation] [--limit 300] [--also-crop 0.1,0] [--write] [--save-crops training/runs/framing]
 *   npm run evaluate:through-detector -- --data ../shared/datasets/fer2013 --split train --calibrate [--limit 3000] [--write-card]
 *
 * Each face is enlarged (--scale, default 4×) into the middle of a plain 640×480 frame; MediaPipe's
 * short-range detector runs on it in headless Chromium as on the site, with the site's minimum
 * confidence (scripts/lib/detector-page.ts);
 * the largest face found is cut out as the card says (face_margin and face_offset_y, or its framing rule
 * from the face's keypoints) by src/lib/pipeline/crop.ts
 * and classified by EmotionClassifier. It prints (a) the share of faces found and (b) the accuracy on
 * those, beside the direct accuracy (the 48×48 picture as it is, as `npm run evaluate` reads it), in
 * all and per class. --also-crop margin,offset adds the accuracy with other crop settings (e.g. the
 * card's before calibration). --scale, --background and --min-confidence change the frame and the
 * detector's threshold to see how they matter. --write stores the figures in
 * src/data/through-detector.json (the whole validation split only). --save-crops <folder> writes the
 * faces found as the detector path cuts them to <folder>/<split>/<class>/<name>.png, for training
 * (`npm run train -- --framing-data <folder>`); keep that folder out of the repository, as the dataset.
 *
 * --calibrate measures where the detector's box sits on FER2013's picture and picks the crop settings
 * that give the model back FER2013's framing: the medians of the per-face settings that would frame
 * each picture exactly, then the best of a small grid around them by accuracy on the same faces; then
 * it fits the framing rule (margin and offset read from where the six keypoints sit in each box,
 * preprocess.ts faceRegion) and keeps it if it does better still. It refuses the validation split (it
 * is the test set: nothing is chosen on it). --write-card stores the choice in the card's input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { percent } from '../src/lib/format.ts';
import { EmotionClassifier } from '../src/lib/ml/classifier.ts';
import { accuracy, confusionMatrix } from '../src/lib/ml/metrics.ts';
import type { ModelInputSpec } from '../src/lib/ml/model-card.ts';
import { fileHandler, readModelCard } from '../src/lib/ml/node-io.ts';
import { validateModelCard } from '../src/lib/ml/validate-model-card.ts';
import { argmax, leastSquares, median } from '../src/lib/stats.ts';
import { framingFeatures, type PixelBox } from '../src/lib/ml/preprocess.ts';
import { DEFAULT_MIN_CONFIDENCE } from '../src/lib/vision/face-detector.ts';
import { openDetectorPage } from './lib/detector-page.ts';
import { DatasetError, listSplit, loadInputs, type LabelledFile } from './lib/image-folder.ts';
import { useWasmBackend } from './lib/tf-node.ts';
import {
  DEFAULT_FRAME,
  boxOnPicture,
  croppedInputs,
  detectFaces,
  type FaceThroughDetector,
  saveCrops,
  type LiveFrame,
} from './lib/through-detector.ts';

const RESULT_PATH = 'src/data/through-detector.json';

/** Every `step`-th file, so that a sample keeps the split's class shares. */
function evenSample(files: LabelledFile[], limit: number): LabelledFile[] {
  if (!(limit > 0) || limit >= files.length) return files;
  const step = files.length / limit;
  return Array.from({ length: limit }, (_, i) => files[Math.floor(i * step)]!);
}

function predictAll(classifier: EmotionClassifier, inputs: Float32Array[], batch = 64): number[] {
  const predicted: number[] = [];
  for (let i = 0; i < inputs.length; i += batch)
    predicted.push(...classifier.predict(inputs.slice(i, i + batch)).map(argmax));
  return predicted;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

type CropSettings = Pick<
  ModelInputSpec,
  'face_margin' | 'face_framing_margin' | 'face_framing_offset_y'
> & { face_offset_y: number };

const cropText = (c: CropSettings) =>
  `margin ${c.face_margin.toFixed(2)}, offset ${c.face_offset_y >= 0 ? '+' : ''}${c.face_offset_y.toFixed(2)}${c.face_framing_margin ? ', or read from each face by the framing rule' : ''}`;

const cropOf = (spec: ModelInputSpec): CropSettings => ({
  face_margin: spec.face_margin,
  face_offset_y: spec.face_offset_y ?? 0,
  face_framing_margin: spec.face_framing_margin,
  face_framing_offset_y: spec.face_framing_offset_y,
});

/** Accuracy through the detector, on the faces it found, with the given crop settings. */
function throughAccuracy(
  classifier: EmotionClassifier,
  found: FaceThroughDetector[],
  frame: LiveFrame,
  spec: ModelInputSpec,
  crop: CropSettings,
): number {
  const settings = { ...spec, face_framing_margin: undefined, face_framing_offset_y: undefined };
  const predicted = predictAll(classifier, croppedInputs(found, frame, { ...settings, ...crop }));
  return predicted.filter((p, i) => p === found[i]!.file.label).length / found.length;
}

/**
 * Per face, the margin and vertical offset that would frame the picture exactly as FER2013 did, from
 * where the detector's box sits on the picture (boxOnPicture).
 */
function exactFraming(boxes: PixelBox[], pictureSide: number) {
  return {
    margins: boxes.map((b) => (pictureSide / Math.max(b.width, b.height) - 1) / 2),
    offsetsY: boxes.map((b) => (pictureSide / 2 - (b.y + b.height / 2)) / b.height),
  };
}

/**
 * The framing rule: margin and offset as linear functions of where the detector's keypoints sit in
 * its box (framingFeatures), fitted to the exact framing of each face (least squares, a small ridge).
 */
function fitFramingRule(
  found: FaceThroughDetector[],
  frame: LiveFrame,
  pictureSide: number,
): Pick<CropSettings, 'face_framing_margin' | 'face_framing_offset_y'> {
  const usable = found.flatMap((f) => {
    const features = framingFeatures({ ...f.box!, keypoints: f.keypoints });
    return features ? [{ f, features }] : [];
  });
  const exact = exactFraming(
    usable.map((u) => boxOnPicture(u.f, frame)),
    pictureSide,
  );
  const rows = usable.map((u) => u.features);
  const round4 = (w: number[]) => w.map((v) => Math.round(v * 1e4) / 1e4);
  return {
    face_framing_margin: round4(leastSquares(rows, exact.margins, FRAMING_RIDGE)),
    face_framing_offset_y: round4(leastSquares(rows, exact.offsetsY, FRAMING_RIDGE)),
  };
}

/**
 * The framing rule's ridge, which keeps the weights of rarely moving keypoints small: chosen on
 * training faces left out of the fit (1e-4: 76.8 %, 1e-3: 76.2 %, 1e-2: 74.8 % through the detector
 * on 2,975 of them).
 */
const FRAMING_RIDGE = 1e-4;

/** The crop settings that would frame each picture exactly as FER2013 did, summarised by their medians. */
function measureFraming(
  found: FaceThroughDetector[],
  frame: LiveFrame,
  pictureSide: number,
): CropSettings {
  const boxes = found.map((f) => boxOnPicture(f, frame));
  const quartiles = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 4)]!.toFixed(2)} to ${s[Math.floor((3 * s.length) / 4)]!.toFixed(2)}`;
  };
  const describe = (name: string, values: number[]) =>
    console.log(
      `  ${name.padEnd(34)} median ${median(values).toFixed(2)}  (middle half ${quartiles(values)})`,
    );
  console.log(
    `Where the detector's box sits on FER2013's ${pictureSide}×${pictureSide} picture (${boxes.length} faces, picture pixels):`,
  );
  describe(
    'box width',
    boxes.map((b) => b.width),
  );
  describe(
    'box height',
    boxes.map((b) => b.height),
  );
  describe(
    'box centre x',
    boxes.map((b) => b.x + b.width / 2),
  );
  describe(
    'box centre y',
    boxes.map((b) => b.y + b.height / 2),
  );
  const { margins, offsetsY } = exactFraming(boxes, pictureSide);
  const offsetsX = boxes.map((b) => (pictureSide / 2 - (b.x + b.width / 2)) / b.width);
  describe('margin that frames it exactly', margins);
  describe('vertical offset that frames it', offsetsY);
  describe('horizontal offset (not applied)', offsetsX);
  return { face_margin: round2(median(margins)), face_offset_y: round2(median(offsetsY)) };
}

/**
 * The card's text with new crop settings in its `input` and nothing else touched (the card is also
 * written by Python, whose number formats JSON.stringify would change everywhere).
 */
export function withCropSettings(cardText: string, crop: CropSettings): string {
  const block = /^( *)"input": \{[^{}]*\}/m.exec(cardText);
  if (!block) throw new Error('the model card has no input block');
  const input = { ...JSON.parse(`{${block[0]}}`).input, ...crop };
  const text = JSON.stringify(input, null, 1).replace(/\n/g, `\n${block[1]}`);
  return cardText.replace(block[0], `${block[1]}"input": ${text}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      split: { type: 'string', default: 'validation' },
      model: { type: 'string', default: 'public/models/emotion-cnn' },
      limit: { type: 'string', default: '0' },
      scale: { type: 'string', default: String(DEFAULT_FRAME.scale) },
      background: { type: 'string', default: String(DEFAULT_FRAME.background) },
      'min-confidence': { type: 'string', default: String(DEFAULT_MIN_CONFIDENCE) },
      'also-crop': { type: 'string' },
      calibrate: { type: 'boolean', default: false },
      'write-card': { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      'save-crops': { type: 'string' },
    },
  });
  if (!values.data) {
    console.error(
      'usage: npm run evaluate:through-detector -- --data <folder with <split>/<class>/*.jpg> [--split validation] [--limit n] [--scale 4] [--write] | --split train --calibrate [--write-card]',
    );
    return 2;
  }
  if (values.calibrate && values.split === 'validation') {
    console.error(
      'error: --calibrate chooses crop settings, and nothing is chosen on the test set: use --split train',
    );
    return 2;
  }
  const limit = Number(values.limit);
  const frame: LiveFrame = {
    ...DEFAULT_FRAME,
    scale: Number(values.scale),
    background: Number(values.background),
  };
  const card = await readModelCard(values.model);
  const spec = card.input;
  let listing;
  try {
    listing = await listSplit(values.data, values.split, card.labels);
  } catch (error) {
    if (error instanceof DatasetError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const files = evenSample(listing.files, limit);
  if (values.write && (files.length < listing.files.length || values.split !== 'validation')) {
    console.error('error: --write records the whole test set: --split validation without --limit');
    return 2;
  }

  const direct = await loadInputs(files, spec, listing.skipped);
  if (direct.labels.length !== files.length)
    throw new Error(
      `${files.length - direct.labels.length} unreadable picture(s): ${JSON.stringify(listing.skipped)}`,
    );
  const pictureSide = spec.width;

  console.error(
    `Detecting faces in ${files.length} pictures of ${values.split}/ (each ${frame.scale}× on a ${frame.width}×${frame.height} frame)…`,
  );
  const minConfidence = Number(values['min-confidence']);
  const page = await openDetectorPage('short', minConfidence);
  let detected: FaceThroughDetector[];
  try {
    detected = await detectFaces(files, frame, page, (done) => {
      if (done % 512 < 32) console.error(`  ${done} / ${files.length}`);
    });
  } finally {
    await page.close();
  }
  const foundIndex = detected.flatMap((f, i) => (f.box ? [i] : []));
  const found = foundIndex.map((i) => detected[i]!);

  await useWasmBackend();
  const classifier = await EmotionClassifier.load(
    fileHandler(join(values.model, 'model.json')),
    card,
  );
  try {
    if (values.calibrate) {
      const measured = measureFraming(found, frame, pictureSide);
      const current = cropOf(spec);
      const candidates: CropSettings[] = [current];
      for (const dm of [-0.04, 0, 0.04])
        for (const dy of [-0.04, 0, 0.04]) {
          candidates.push({
            face_margin: round2(measured.face_margin + dm),
            face_offset_y: round2(measured.face_offset_y + dy),
          });
        }
      const directOnFound =
        predictAll(
          classifier,
          foundIndex.map((i) => direct.inputs[i]!),
        ).filter((p, k) => p === found[k]!.file.label).length / found.length;
      console.log(
        `\nAccuracy through the detector on ${values.split}/ (${found.length} faces found of ${files.length}; direct on those ${percent(directOnFound, 1)}); the measured medians are ${cropText(measured)}:`,
      );
      let best = current;
      let bestAccuracy = -1;
      for (const crop of candidates) {
        const share = throughAccuracy(classifier, found, frame, spec, crop);
        const note =
          crop === current
            ? "  (the card's settings now)"
            : crop.face_margin === measured.face_margin &&
                crop.face_offset_y === measured.face_offset_y
              ? '  (measured)'
              : '';
        console.log(`  ${cropText(crop)}: ${percent(share, 1)}${note}`);
        if (share > bestAccuracy) [best, bestAccuracy] = [crop, share];
      }
      // Then the rule that reads margin and offset from each face, kept if it does better still.
      const rule = { ...best, ...fitFramingRule(found, frame, pictureSide) };
      const ruleAccuracy = throughAccuracy(classifier, found, frame, spec, rule);
      console.log(`  ${cropText(rule)}: ${percent(ruleAccuracy, 1)}  (fitted now)`);
      if (ruleAccuracy > bestAccuracy) [best, bestAccuracy] = [rule, ruleAccuracy];
      console.log(`Chosen: ${cropText(best)} (${percent(bestAccuracy, 1)} on ${values.split}/)`);
      if (values['write-card']) {
        const cardPath = join(values.model, 'model-card.json');
        const cardText = withCropSettings(await readFile(cardPath, 'utf8'), best);
        validateModelCard(JSON.parse(cardText), cardPath);
        await writeFile(cardPath, cardText);
        console.log(`Stored in ${cardPath}`);
      }
      return 0;
    }

    const throughInputs = croppedInputs(found, frame, spec);
    if (values['save-crops']) {
      const folder = join(values['save-crops'], values.split);
      const saved = await saveCrops(found, throughInputs, spec, card.labels, folder);
      console.log(`Saved the ${saved} faces found, as the detector path cuts them, in ${folder}/`);
    }
    const directPredicted = predictAll(classifier, direct.inputs);
    const throughPredicted = predictAll(classifier, throughInputs);
    const labels = direct.labels;
    const directCorrect = directPredicted.map((p, i) => p === labels[i]);
    const foundLabels = foundIndex.map((i) => labels[i]!);
    const directAll = accuracy(confusionMatrix(labels, directPredicted, card.labels.length));
    const directOnFound = foundIndex.filter((i) => directCorrect[i]).length / found.length;
    const throughConfusion = confusionMatrix(foundLabels, throughPredicted, card.labels.length);
    const through = accuracy(throughConfusion);

    const perClass = Object.fromEntries(
      card.labels.map((label, c) => {
        const all = labels.flatMap((l, i) => (l === c ? [i] : []));
        const hit = foundIndex.filter((i) => labels[i] === c);
        const throughHit = foundLabels.flatMap((l, k) => (l === c ? [k] : []));
        return [
          label,
          {
            images: all.length,
            found: hit.length,
            directRecall: all.filter((i) => directCorrect[i]).length / all.length,
            directRecallOnFound: hit.length
              ? hit.filter((i) => directCorrect[i]).length / hit.length
              : 0,
            throughDetectorRecall: throughHit.length
              ? throughHit.filter((k) => throughPredicted[k] === c).length / throughHit.length
              : 0,
          },
        ];
      }),
    );
    const alsoCrop = values['also-crop']?.split(',').map(Number);
    const other = alsoCrop
      ? { face_margin: alsoCrop[0]!, face_offset_y: alsoCrop[1] ?? 0 }
      : undefined;
    const result = {
      date: new Date().toISOString().slice(0, 10),
      split: values.split,
      images: files.length,
      frame: { ...frame, faceSide: pictureSide * frame.scale },
      detector: { range: 'short', minConfidence },
      crop: {
        face_margin: spec.face_margin,
        face_offset_y: spec.face_offset_y ?? 0,
        /** Margin and offset read from each face by the card's framing rule (the constants where it has no keypoints). */
        framingRule: !!spec.face_framing_margin,
      },
      found: found.length,
      /** Pictures in which it found more than one face: each holds one, so the others are false alarms. */
      moreThanOneFound: detected.filter((f) => f.found > 1).length,
      direct: { accuracy: directAll, accuracyOnFound: directOnFound },
      throughDetector: { accuracy: through, images: found.length },
      ...(other && {
        otherCrop: { ...other, accuracy: throughAccuracy(classifier, found, frame, spec, other) },
      }),
      perClass,
    };

    console.log(
      `\nThrough the detector on ${values.split}/ — ${files.length} pictures, each ${frame.scale}× (${pictureSide * frame.scale} px) on a ${frame.width}×${frame.height} frame of gray ${frame.background}; crop ${cropText(cropOf(spec))}`,
    );
    console.log(
      `  faces found:                         ${found.length} of ${files.length} (${percent(found.length / files.length, 1)}); more than one face in ${result.moreThanOneFound}`,
    );
    console.log(
      `  direct accuracy, all pictures:       ${percent(directAll, 1)}  (the model card's figure when this is the whole split)`,
    );
    console.log(`  direct accuracy, the faces found:    ${percent(directOnFound, 1)}`);
    console.log(
      `  through the detector, faces found:   ${percent(through, 1)}  (${through >= directAll ? '+' : ''}${(100 * (through - directAll)).toFixed(1)} points against direct on all)`,
    );
    console.log(
      `\n  ${'class'.padEnd(9)} ${'pictures'.padStart(8)} ${'found'.padStart(12)}   direct  direct on found  through detector`,
    );
    for (const [label, c] of Object.entries(perClass)) {
      console.log(
        `  ${label.padEnd(9)} ${String(c.images).padStart(8)} ${`${c.found} (${percent(c.found / c.images, 1)})`.padStart(12)}   ${percent(c.directRecall, 1).padStart(6)}  ${percent(c.directRecallOnFound, 1).padStart(15)}  ${percent(c.throughDetectorRecall, 1).padStart(16)}`,
      );
    }
    if (result.otherCrop)
      console.log(
        `\n  through the detector with ${cropText(result.otherCrop)} instead: ${percent(result.otherCrop.accuracy, 1)}`,
      );
    if (values.write) {
      await writeFile(RESULT_PATH, JSON.stringify(result, null, 1) + '\n');
      console.log(`\nStored in ${RESULT_PATH}`);
    }
    return 0;
  } finally {
    classifier.dispose();
  }
}

if (import.meta.main) process.exitCode = await main();
