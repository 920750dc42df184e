import { join } from 'node:path';
import { EmotionClassifier } from '../src/lib/ml/classifier.ts';
import { fileHandler, readModelCard } from '../src/lib/ml/node-io.ts';
import { argmax } from '../src/lib/stats.ts';
import { normalise, resampleRegion } from '../src/lib/ml/preprocess.ts';
import { openDetectorPage } from './lib/detector-page.ts';
import { listSplit } from './lib/image-folder.ts';
import { useWasmBackend } from './lib/tf-node.ts';
import {
  DEFAULT_FRAME,
  composeFrame,
  croppedInputs,
  detectFaces,
  placement,
  type FaceThroughDetector,
} from './lib/through-detector.ts';

const model = 'public/models/emotion-cnn';
const card = await readModelCard(model);
const spec = card.input;
const frame = DEFAULT_FRAME;
async function detect(split: string, limit: number, offset = 0) {
  const listing = await listSplit('../shared/datasets/fer2013', split, card.labels);
  const n = Math.min(limit, listing.files.length);
  const step = listing.files.length / n;
  const files = Array.from(
    { length: n },
    (_, i) => listing.files[Math.min(listing.files.length - 1, Math.floor(i * step + offset))]!,
  );
  const page = await openDetectorPage('short', 0.4);
  const det = await detectFaces(files, frame, page);
  await page.close();
  return det.filter((f) => f.box && f.keypoints.length === 6);
}
const train = await detect('train', 6000, 2);
const val = await detect('validation', 4000);
await useWasmBackend();
const clf = await EmotionClassifier.load(fileHandler(join(model, 'model.json')), card);
const acc = (inputs: Float32Array[], labels: number[]) => {
  let ok = 0;
  for (let i = 0; i < inputs.length; i += 64)
    clf
      .predict(inputs.slice(i, i + 64))
      .map(argmax)
      .forEach((v, k) => (ok += v === labels[i + k] ? 1 : 0));
  return ok / inputs.length;
};
const feats = (f: FaceThroughDetector) => {
  const b = f.box!;
  const out = [1, b.height / b.width];
  for (const k of f.keypoints) out.push((k.x - b.x) / b.width - 0.5, (k.y - b.y) / b.height - 0.5);
  return out;
};
const targets = (f: FaceThroughDetector) => {
  const b = f.box!;
  const at = placement(f.face.width, frame);
  const side = f.face.width;
  return [
    side / Math.max(b.width, b.height),
    (at.x + side / 2 - (b.x + b.width / 2)) / b.width,
    (at.y + side / 2 - (b.y + b.height / 2)) / b.height,
  ];
};
function fit(X: number[][], Y: number[][], ridge = 1e-3): number[][] {
  const p = X[0]!.length;
  const A = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (i === j && i > 0 ? ridge * X.length : 0)),
  );
  const B = Array.from({ length: p }, () => [0, 0, 0]);
  X.forEach((x, n) => {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) A[i]![j]! += x[i]! * x[j]!;
      for (let t = 0; t < 3; t++) B[i]![t]! += x[i]! * Y[n]![t]!;
    }
  });
  // gaussian elimination
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    [B[c], B[piv]] = [B[piv]!, B[c]!];
    for (let r = 0; r < p; r++)
      if (r !== c) {
        const m = A[r]![c]! / A[c]![c]!;
        for (let k = 0; k < p; k++) A[r]![k]! -= m * A[c]![k]!;
        for (let t = 0; t < 3; t++) B[r]![t]! -= m * B[c]![t]!;
      }
  }
  return B.map((row, i) => row.map((v) => v / A[i]![i]!));
}
const W = fit(train.map(feats), train.map(targets));
const predict = (f: FaceThroughDetector) => {
  const x = feats(f);
  return [0, 1, 2].map((t) => x.reduce((s, v, i) => s + v * W[i]![t]!, 0));
};
const crops = (set: FaceThroughDetector[], useX: boolean) =>
  set.map((f) => {
    const [s, ox, oy] = predict(f);
    const b = f.box!;
    const side = s! * Math.max(b.width, b.height);
    const cx = b.x + b.width / 2 + (useX ? ox! * b.width : 0),
      cy = b.y + b.height / 2 + oy! * b.height;
    const px = composeFrame(f.face, frame);
    return normalise(
      Float32Array.from(
        resampleRegion(
          px,
          { x: cx - side / 2, y: cy - side / 2, width: side, height: side },
          spec.width,
          spec.height,
          spec.grayscale,
          spec.channels,
        ),
      ),
      spec,
    );
  });
for (const [name, set] of [
  ['train', train],
  ['validation', val],
] as const) {
  const labels = set.map((f) => f.file.label);
  const err = (useX: boolean) => {
    let e = 0;
    set.forEach((f) => {
      const p = predict(f),
        t = targets(f);
      e +=
        Math.abs(p[0]! - t[0]!) +
        Math.abs(p[2]! - t[2]!) +
        (useX ? Math.abs(p[1]! - t[1]!) : Math.abs(t[1]!));
    });
    return (e / set.length).toFixed(4);
  };
  console.log(
    name,
    set.length,
    'box(card)',
    acc(croppedInputs(set, frame, spec), labels).toFixed(4),
    'reg y',
    acc(crops(set, false), labels).toFixed(4),
    'reg xy',
    acc(crops(set, true), labels).toFixed(4),
    'abs err',
    err(true),
  );
}
