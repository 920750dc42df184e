/**
 * Facts about the site's own files that the lessons quote, read at build time from the files
 * themselves so that the text stays true when a library or the model changes. Build-time only (it
 * reads the disk): import it from .mdx/.astro files, never from a widget's browser code.
 *
 *   import { downloadSize } from '../../lib/site-facts.ts';
 *   export const download = downloadSize();
 *   … downloads about {download.megabytes} MB …
 *
 * The files must exist: `npm run prepare:assets` (part of `npm run build` and `npm run dev`) copies the
 * vendor files into public/vendor/.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_CARD_PATH } from './ml/model-card.ts';
import { weightFilePaths } from './ml/model-json.ts';
import { readModelJson } from './ml/node-io.ts';
import { MODEL_FILES } from './vision/face-detector.ts';

/**
 * What the live demo fetches from our own site when the reader first presses Start (or picks a
 * photo), as paths under public/. The JavaScript that runs them (TF.js and MediaPipe's code, built
 * into /_astro/) is not counted here: its file names change with every build.
 */
export interface LiveDemoFiles {
  /** MediaPipe's face finder: its WebAssembly program with its loader, and the detector model. */
  faceFinder: string[];
  /** Our emotion model: its card, its layers and its weights. */
  emotionModel: string[];
  /**
   * TF.js's WebAssembly program, fetched only where the emotion model cannot use WebGL (no graphics
   * card, or WebGL drawn by the processor): src/lib/pipeline/load.ts tries WebGL first.
   */
  withoutGraphicsCard: string[];
}

/**
 * The face finder's WebAssembly files: tasks-vision's FilesetResolver asks for `vision_wasm_internal`
 * in browsers with WebAssembly SIMD (every current browser), `vision_wasm_nosimd_internal` otherwise.
 */
const MEDIAPIPE_WASM = 'vendor/mediapipe/wasm/vision_wasm_internal';

/**
 * TF.js's wasm backend takes the SIMD build unless the page is cross-origin isolated (then the
 * threaded one); our headers do not isolate pages (no Cross-Origin-Embedder-Policy).
 */
const TFJS_WASM = 'vendor/tfjs/tfjs-backend-wasm-simd.wasm';

/** The files, with the weight files read from the model's own model.json. */
export function liveDemoFiles(publicDir = 'public'): LiveDemoFiles {
  const modelDir = MODEL_CARD_PATH.replace(/model-card\.json$/, '');
  const modelJson = readModelJson(join(publicDir, modelDir));
  return {
    // The live demo loads the near-range detector first (loadPipeline's default range).
    faceFinder: [
      `${MEDIAPIPE_WASM}.js`,
      `${MEDIAPIPE_WASM}.wasm`,
      `vendor/mediapipe/${MODEL_FILES.short}`,
    ],
    emotionModel: [
      MODEL_CARD_PATH,
      `${modelDir}model.json`,
      ...weightFilePaths(modelJson).map((p) => `${modelDir}${p}`),
    ],
    withoutGraphicsCard: [TFJS_WASM],
  };
}

export interface DownloadSize {
  /** Bytes of the face finder and the emotion model (what every browser fetches). */
  bytes: number;
  /** Bytes added where TF.js falls back to WebAssembly. */
  extraWithoutGraphicsCard: number;
  /** The larger of the two totals in whole megabytes (10^6 bytes), as the lessons say it: "about 15". */
  megabytes: number;
}

function bytesOf(publicDir: string, paths: string[]): number {
  return paths.reduce((sum, path) => {
    try {
      return sum + statSync(join(publicDir, path)).size;
    } catch {
      throw new Error(
        `site-facts: public/${path} is missing: run \`npm run prepare:assets\` first.`,
      );
    }
  }, 0);
}

/** Sums the sizes of the live demo's files on disk (public/ relative to the working folder, as the build runs). */
export function downloadSize(publicDir = 'public'): DownloadSize {
  const files = liveDemoFiles(publicDir);
  const bytes = bytesOf(publicDir, [...files.faceFinder, ...files.emotionModel]);
  const extraWithoutGraphicsCard = bytesOf(publicDir, files.withoutGraphicsCard);
  return {
    bytes,
    extraWithoutGraphicsCard,
    megabytes: Math.round((bytes + extraWithoutGraphicsCard) / 1e6),
  };
}
