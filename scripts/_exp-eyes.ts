import { join } from 'node:path';
import { EmotionClassifier } from '../src/lib/ml/classifier.ts';
import { fileHandler, readModelCard } from '../src/lib/ml/node-io.ts';
import { argmax, median } from '../src/lib/stats.ts';
import { normalise, resampleRegion } from '../src/lib/ml/preprocess.ts';
import { openDetectorPage } from './lib/detector-page.ts';
import { listSplit, loadInputs } from './lib/image-folder.ts';
import { useWasmBackend } from './lib/tf-node.ts';
import {
  DEFAULT_FRAME,
  composeFrame,
  croppedInputs,
  detectFaces,
  placement,
} from './lib/through-detector.ts';

const split = process.argv[2] ?? 'train';
const limit = Number(process.argv[3] ?? 3000);
const model = 'public/models/emotion-cnn';
const card = await readModelCard(model);
const spec = card.input;
const listing = await listSplit('../shared/datasets/fer2013', split, card.labels);
const step = listing.files.length / Math.min(limit, listing.files.length);
const files = Array.from(
  { length: Math.min(limit, listing.files.length) },
  (_, i) => listing.files[Math.floor(i * step)]!,
);
const direct = await loadInputs(files, spec, listing.skipped);
const frame = DEFAULT_FRAME;
const page = await openDetectorPage('short', 0.4);
const det = await detectFaces(files, frame, page);
await page.close();
const found = det.filter((f) => f.box);
const foundIdx = det.flatMap((f, i) => (f.box ? [i] : []));
await useWasmBackend();
const clf = await EmotionClassifier.load(fileHandler(join(model, 'model.json')), card);
const acc = (inputs: Float32Array[], labels: number[]) => {
  let ok = 0;
  for (let i = 0; i < inputs.length; i += 64) {
    const p = clf.predict(inputs.slice(i, i + 64)).map(argmax);
    p.forEach((v, k) => (ok += v === labels[i + k] ? 1 : 0));
  }
  return ok / inputs.length;
};
const labels = found.map((f) => f.file.label);
console.log(`${split}: found ${found.length}/${files.length}`);
console.log(
  'direct on found',
  acc(
    foundIdx.map((i) => direct.inputs[i]!),
    labels,
  ).toFixed(4),
);
// perfect framing: the picture's own square in the frame
const perfect = found.map((f) => {
  const at = placement(f.face.width, frame);
  const px = composeFrame(f.face, frame);
  const crop = resampleRegion(
    px,
    { x: at.x, y: at.y, width: f.face.width, height: f.face.height },
    spec.width,
    spec.height,
    spec.grayscale,
    spec.channels,
  );
  return normalise(Float32Array.from(crop), spec);
});
console.log('perfect framing through resample', acc(perfect, labels).toFixed(4));
console.log('box (card)', acc(croppedInputs(found, frame, spec), labels).toFixed(4));
// eyes: keypoints 0,1 = eyes
const eyeFrames = found.map((f) => {
  const [r, l] = f.keypoints;
  const d = Math.hypot(l!.x - r!.x, l!.y - r!.y);
  const cx = (l!.x + r!.x) / 2,
    cy = (l!.y + r!.y) / 2;
  const at = placement(f.face.width, frame);
  const side = f.face.width;
  return { d, cx, cy, k: side / d, mx: (at.x + side / 2 - cx) / d, my: (at.y + side / 2 - cy) / d };
});
const K = Number(process.env.K ?? median(eyeFrames.map((e) => e.k)));
const MY = Number(process.env.MY ?? median(eyeFrames.map((e) => e.my)));
console.log(
  'eyes medians k',
  K.toFixed(3),
  'my',
  MY.toFixed(3),
  'mx',
  median(eyeFrames.map((e) => e.mx)).toFixed(3),
);
for (const dk of [-0.2, 0, 0.2])
  for (const dm of [-0.05, 0, 0.05]) {
    const inputs = found.map((f, i) => {
      const e = eyeFrames[i]!;
      const side = (K + dk) * e.d;
      const px = composeFrame(f.face, frame);
      const region = {
        x: e.cx - side / 2,
        y: e.cy + (MY + dm) * e.d - side / 2,
        width: side,
        height: side,
      };
      return normalise(
        Float32Array.from(
          resampleRegion(px, region, spec.width, spec.height, spec.grayscale, spec.channels),
        ),
        spec,
      );
    });
    console.log(
      `eyes k ${(K + dk).toFixed(2)} my ${(MY + dm).toFixed(3)}:`,
      acc(inputs, labels).toFixed(4),
    );
  }
