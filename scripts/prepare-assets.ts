/**
 * Build step: prepares the self-hosted assets of the live demo from node_modules into the
 * git-ignored `public/vendor/`. Run by `npm run prepare:assets` (and so by `build` and `dev`).
 *
 *   public/vendor/mediapipe/wasm/*                      @mediapipe/tasks-vision/wasm/*
 *   public/vendor/mediapipe/face_detection_*.tflite     @mediapipe/face_detection models, with the
 *                                                       TFLite metadata tasks-vision requires added
 *   public/vendor/tfjs/tfjs-backend-wasm*.wasm          @tensorflow/tfjs-backend-wasm/dist
 *   public/vendor/samples/*.jpg + samples.json          sample face photos (≤ 800 px, JPEG q80) with
 *                                                       their source and licence
 *   public/vendor/human/facemesh.json + .bin + LICENSE  face-landmark model (468 points) for the
 *                                                       face-mesh widget, from @vladmandic/human (MIT)
 *
 * Idempotent: a target is rewritten only when its source (or this step's recipe) changed, recorded in
 * `public/vendor/.stamps.json`. Run with `--force` to rebuild everything, `--out DIR` to write elsewhere.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFaceDetectorMetadata } from './tflite/face-detector-metadata.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NM = join(ROOT, 'node_modules');
/** `--out DIR` writes somewhere else (used by the tests); default public/vendor. */
const outArg = process.argv.indexOf('--out');
const OUT =
  outArg > 0 && process.argv[outArg + 1]
    ? resolve(process.argv[outArg + 1]!)
    : join(ROOT, 'public', 'vendor');
const STAMPS = join(OUT, '.stamps.json');
const FORCE = process.argv.includes('--force');

/** Bump when the way a target is made changes, so stale outputs are rebuilt. */
const RECIPE = {
  copy: '1',
  model: '1',
  sample: '1',
};

/**
 * Sample photos bundled with the site. From the demo folder of @vladmandic/face-api (MIT). Picked by
 * eye: faces turned towards the camera. sample2.jpg is left out (every face looks down).
 */
const SAMPLES: { file: string; description: string }[] = [
  { file: 'sample1.jpg', description: 'Three friends in party costumes, smiling' },
  { file: 'sample3.jpg', description: 'Three friends on a leather sofa, smiling at the camera' },
  { file: 'sample4.jpg', description: 'Four friends posing together in a living room' },
  { file: 'sample5.jpg', description: 'Five friends sitting on a staircase' },
  { file: 'sample6.jpg', description: 'Four friends standing by a window, smiling' },
];
const SAMPLE_MAX_SIDE = 800;
const SAMPLE_QUALITY = 80;

type Stamps = Record<string, string>;

function loadStamps(): Stamps {
  if (FORCE || !existsSync(STAMPS)) return {};
  try {
    return JSON.parse(readFileSync(STAMPS, 'utf8')) as Stamps;
  } catch {
    return {};
  }
}

/** Cheap fingerprint of a source file: size + mtime + recipe (no hashing of big wasm files). */
function fingerprint(src: string, recipe: string): string {
  const s = statSync(src);
  return `${recipe}:${s.size}:${Math.floor(s.mtimeMs)}`;
}

function pkgVersion(name: string): string {
  return (JSON.parse(readFileSync(join(NM, name, 'package.json'), 'utf8')) as { version: string })
    .version;
}

function pkgLicense(name: string): string {
  return (JSON.parse(readFileSync(join(NM, name, 'package.json'), 'utf8')) as { license: string })
    .license;
}

const stamps = loadStamps();
const newStamps: Stamps = {};
let written = 0;
let upToDate = 0;

/** Runs `make` unless `dest` exists and the fingerprint of `src` is unchanged. */
async function target(
  dest: string,
  src: string,
  recipe: string,
  make: () => void | Promise<void>,
): Promise<void> {
  if (!existsSync(src)) {
    throw new Error(`prepare-assets: missing ${relative(ROOT, src)} — run \`npm install\` first.`);
  }
  const key = relative(OUT, dest);
  const fp = fingerprint(src, recipe);
  newStamps[key] = fp;
  if (stamps[key] === fp && existsSync(dest)) {
    upToDate++;
    return;
  }
  mkdirSync(dirname(dest), { recursive: true });
  await make();
  written++;
}

async function copy(src: string, dest: string): Promise<void> {
  await target(dest, src, RECIPE.copy, () => copyFileSync(src, dest));
}

async function main(): Promise<void> {
  const t0 = performance.now();

  // 1. tasks-vision wasm (loader .js + .wasm, simd / nosimd / module variants).
  const tvWasm = join(NM, '@mediapipe', 'tasks-vision', 'wasm');
  for (const f of readdirSync(tvWasm)) {
    await copy(join(tvWasm, f), join(OUT, 'mediapipe', 'wasm', f));
  }

  // 2. Face detector models, with TFLite metadata added (tasks-vision needs NormalizationOptions).
  for (const range of ['short', 'full'] as const) {
    const name = `face_detection_${range}_range.tflite`;
    const src = join(NM, '@mediapipe', 'face_detection', name);
    const dest = join(OUT, 'mediapipe', name);
    await target(dest, src, RECIPE.model, () => {
      const model = new Uint8Array(readFileSync(src));
      writeFileSync(dest, addFaceDetectorMetadata(model, { range }));
    });
  }

  // 3. tfjs-backend-wasm binaries.
  const tfDist = join(NM, '@tensorflow', 'tfjs-backend-wasm', 'dist');
  for (const f of [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ]) {
    await copy(join(tfDist, f), join(OUT, 'tfjs', f));
  }

  // 4. Sample photos, downscaled, with attribution.
  const srcPkg = '@vladmandic/face-api';
  const demo = join(NM, srcPkg, 'demo');
  const samplesDir = join(OUT, 'samples');
  let sharp: typeof import('sharp').default | undefined;
  for (const s of SAMPLES) {
    await target(join(samplesDir, s.file), join(demo, s.file), RECIPE.sample, async () => {
      sharp ??= (await import('sharp')).default;
      await sharp(join(demo, s.file))
        .rotate() // honour EXIF orientation
        .resize({
          width: SAMPLE_MAX_SIDE,
          height: SAMPLE_MAX_SIDE,
          fit: 'inside',
          withoutEnlargement: true,
        })
        .jpeg({ quality: SAMPLE_QUALITY, mozjpeg: true })
        .toFile(join(samplesDir, s.file));
    });
  }
  // The manifest is small: always rewritten when any sample changed or it is missing.
  const manifestPath = join(samplesDir, 'samples.json');
  const sizes = await Promise.all(
    SAMPLES.map(async (s) => {
      const buf = readFileSync(join(samplesDir, s.file));
      return {
        ...jpegSize(buf),
        sha256: createHash('sha256').update(buf).digest('hex').slice(0, 16),
      };
    }),
  );
  const manifest = {
    about:
      'Sample photos for the Emotion Lens live demo, downscaled copies of the demo images shipped in the npm package named below.',
    source: {
      package: srcPkg,
      version: pkgVersion(srcPkg),
      license: pkgLicense(srcPkg),
      licenseUrl: 'https://github.com/vladmandic/face-api/blob/master/LICENSE',
      homepage: 'https://github.com/vladmandic/face-api',
      copyright: 'Copyright (c) Vladimir Mandic',
    },
    samples: SAMPLES.map((s, i) => ({
      file: s.file,
      url: `/vendor/samples/${s.file}`,
      sourceFile: `node_modules/${srcPkg}/demo/${s.file}`,
      description: s.description,
      license: pkgLicense(srcPkg),
      width: sizes[i]!.width,
      height: sizes[i]!.height,
      sha256: sizes[i]!.sha256,
    })),
  };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== manifestText) {
    writeFileSync(manifestPath, manifestText);
    written++;
  }

  // 5. Face-mesh model (face-mesh widget, src/lib/landmarks): copied as-is, with its licence.
  await prepareFaceMesh();

  writeFileSync(STAMPS, JSON.stringify(newStamps, null, 2) + '\n');
  const ms = Math.round(performance.now() - t0);
  console.log(
    `prepare-assets: ${written} written, ${upToDate} up to date → ${relative(ROOT, OUT) || '.'} (${ms} ms)`,
  );
}

/**
 * The face-landmark model of @vladmandic/human (MediaPipe FaceMesh converted to a TF.js graph model,
 * MIT): 192×192 RGB in, 468 points out. Read by src/lib/landmarks/facemesh.ts.
 */
async function prepareFaceMesh(): Promise<void> {
  const pkg = join(NM, '@vladmandic', 'human');
  for (const f of ['facemesh.json', 'facemesh.bin']) {
    await copy(join(pkg, 'models', f), join(OUT, 'human', f));
  }
  await copy(join(pkg, 'LICENSE'), join(OUT, 'human', 'LICENSE'));
}

/** Width/height from a baseline or progressive JPEG's SOF marker (no decoder needed). */
function jpegSize(buf: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = buf[i + 1]!;
    const len = (buf[i + 2]! << 8) | buf[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (buf[i + 5]! << 8) | buf[i + 6]!, width: (buf[i + 7]! << 8) | buf[i + 8]! };
    }
    i += 2 + len;
  }
  throw new Error('prepare-assets: could not read JPEG size');
}

await main();
