/**
 * Measures faces of the FER2013 training set with the face mesh, to give the face-mesh widget a
 * "typical neutral face" from real data and to check its rules honestly. Writes only aggregates
 * (medians and shares per class), never an image:
 *
 *   npm run measure:face-mesh -- --data ../shared/datasets/fer2013 [--per-class 120]
 *     → src/lib/landmarks/fer2013-geometry.json
 *
 * For every class it takes the first N images of `train/<class>/` in name order, runs the mesh twice
 * (the second time on the region the first points give, as when tracking), keeps faces the mesh is
 * sure of, and records the median of each measurement (features.ts) and how often each rule fires
 * against the neutral class's medians. Node only (sharp; TF.js on its WebAssembly backend, about 7
 * times faster than the plain-JavaScript one; `--backend cpu` to use that instead).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { FaceMeshModel } from '../src/lib/landmarks/facemesh.ts';
import {
  MEASURES,
  RULES,
  classify,
  measure,
  type Measures,
} from '../src/lib/landmarks/features.ts';
import { cutGray, faceMeshFileHandler } from '../src/lib/landmarks/node-io.ts';
import { roiFromPoints, type Roi } from '../src/lib/landmarks/roi.ts';
import { median } from '../src/lib/stats.ts';
import { readModelCard } from '../src/lib/ml/node-io.ts';
import { DatasetError, listSplit } from './lib/image-folder.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const DATA = resolve(arg('data', join(ROOT, '../shared/datasets/fer2013')));
const PER_CLASS = Number(arg('per-class', '120'));
const OUT = resolve(arg('out', join(ROOT, 'src/lib/landmarks/fer2013-geometry.json')));
const BACKEND = arg('backend', 'wasm');
/** Per-face measurements are kept here (git-ignored) so that re-checking the rules takes a second. */
const CACHE = join(ROOT, '.cache', `fer2013-measures-${PER_CLASS}.json`);
/** Faces the mesh is less sure of than this are left out. */
const MIN_SCORE = 0.5;

/** A FER2013 crop is the face itself: start from a region 1.5 times its size, then refine once. */
async function meshOfCrop(
  mesh: FaceMeshModel,
  file: string,
): Promise<{ score: number; measures: Measures } | null | 'unreadable'> {
  const decoded = await sharp(file)
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(() => null);
  if (!decoded) return 'unreadable';
  const { data, info } = decoded;
  const gray = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let roi: Roi = {
    cx: info.width / 2,
    cy: info.height / 2 + info.height * 0.04,
    size: Math.max(info.width, info.height) * 1.5,
    angle: 0,
  };
  let r = mesh.estimatePixels(cutGray(gray, info.width, info.height, roi), roi);
  roi = roiFromPoints(r.points);
  r = mesh.estimatePixels(cutGray(gray, info.width, info.height, roi), roi);
  if (r.score < MIN_SCORE) return null;
  return { score: r.score, measures: measure(r.points) };
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

async function main(): Promise<number> {
  if (BACKEND === 'wasm')
    setWasmPaths(join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  if (!(await tf.setBackend(BACKEND))) throw new Error(`TF.js backend ${BACKEND} could not start`);
  const classes = (await readModelCard(join(ROOT, 'public/models/emotion-cnn'))).labels;
  let listing: Awaited<ReturnType<typeof listSplit>>;
  try {
    listing = await listSplit(DATA, 'train', classes);
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    console.error(`error: ${error.message}`);
    return 2;
  }
  let perClass: Record<string, { measured: number; read: number; measures: Measures[] }> = {};
  if (existsSync(CACHE) && !process.argv.includes('--fresh'))
    perClass = JSON.parse(readFileSync(CACHE, 'utf8'));
  const mesh = classes.every((c) => perClass[c])
    ? null
    : await FaceMeshModel.load({ url: faceMeshFileHandler() });
  for (const cls of classes) {
    if (perClass[cls] || !mesh) continue;
    const files = listing.files.filter((f) => classes[f.label] === cls).slice(0, PER_CLASS);
    const measures: Measures[] = [];
    let unreadable = 0;
    for (const { path } of files) {
      const r = await meshOfCrop(mesh, path);
      if (r === 'unreadable') unreadable++;
      else if (r) measures.push(r.measures);
    }
    perClass[cls] = { measured: measures.length, read: files.length - unreadable, measures };
    console.log(
      `${cls}: ${measures.length} of ${files.length} faces measured${unreadable ? ` (${unreadable} unreadable, skipped)` : ''}`,
    );
    mkdirSync(dirname(CACHE), { recursive: true });
    writeFileSync(CACHE, JSON.stringify(perClass));
  }
  const medians = Object.fromEntries(
    classes.map((c) => [
      c,
      Object.fromEntries(
        MEASURES.map((m) => [m.id, round(median(perClass[c]!.measures.map((x) => x[m.id])))]),
      ),
    ]),
  ) as Record<string, Measures>;
  const neutral = medians.neutral!;
  // How often each rule's verdict comes out, per class, against the neutral medians.
  const verdicts = Object.fromEntries(
    classes.map((c) => {
      const counts: Record<string, number> = Object.fromEntries(
        [...RULES.map((r) => r.label), 'neutral'].map((l) => [l, 0]),
      );
      for (const m of perClass[c]!.measures) counts[classify(m, neutral).label]!++;
      const n = perClass[c]!.measures.length;
      return [c, Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, round(v / n, 3)]))];
    }),
  );
  const out = {
    about:
      "Face-mesh measurements (src/lib/landmarks/features.ts, in eye spans) of FER2013 faces: medians per class, and the share of each class's faces for which the face-mesh widget's rules give each verdict, against the neutral medians. Aggregates only; no image.",
    split: 'FER2013 train (first images of each class folder, in name order)',
    script: 'scripts/measure-fer2013.ts',
    perClassRequested: PER_CLASS,
    minMeshScore: MIN_SCORE,
    faces: Object.fromEntries(classes.map((c) => [c, perClass[c]!.measured])),
    medians,
    verdicts,
  };
  writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote ${OUT}`);
  console.table(verdicts);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = await main();
