/**
 * Speed on the reader's own device: loads each model file with TF.js and times predict() on one face
 * (batch 1) — tensor in, probabilities read back — after a warm-up; the result is the median of many
 * tries. TF.js (and its WebAssembly backend, from our own /vendor/tfjs/) is imported only when the
 * reader presses the button.
 */
import { median } from '../../lib/stats.ts';
import type { SpeedTarget } from './comparison.ts';
import { comparisonText } from './text.ts';

export interface SpeedResult {
  id: string;
  /** Milliseconds per face (median), or undefined when the model could not be timed here. */
  ms?: number;
  /** Why not, in plain words. */
  problem?: string;
}

export interface SpeedRun {
  backend: string;
  backendLabel: string;
  results: SpeedResult[];
}

const WARM_UP = 3;
const TRIES = 25;
/** Stop trying a slow model after this long. */
const BUDGET_MS = 4000;

/** WebGL drawn by the processor (SwiftShader, llvmpipe…) is slower for TF.js than WebAssembly. */
function softwareWebgl(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
  } catch {
    return false;
  }
}

function siteBase(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return base.endsWith('/') ? base : `${base}/`;
}

const nextFrame = () =>
  new Promise<void>((resolve) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => resolve())
      : setTimeout(resolve, 0),
  );

export async function measureSpeeds(
  targets: readonly SpeedTarget[],
  onProgress: (text: string, result?: SpeedResult) => void,
  signal?: AbortSignal,
): Promise<SpeedRun> {
  onProgress(comparisonText('speedStarting'));
  const tf = await import('@tensorflow/tfjs');
  const { chooseBackend, BACKEND_LABELS } = await import('../../lib/ml/backend.ts');
  const backend = await chooseBackend(
    `${siteBase()}vendor/tfjs/`,
    softwareWebgl() ? ['wasm', 'webgl', 'cpu'] : ['webgl', 'wasm', 'cpu'],
  );
  tf.enableProdMode();
  const results: SpeedResult[] = [];
  for (const [i, target] of targets.entries()) {
    if (signal?.aborted) break;
    const step = { model: target.title, step: i + 1, count: targets.length };
    onProgress(comparisonText('speedDownloading', step));
    let model: import('@tensorflow/tfjs').LayersModel | null = null;
    let result: SpeedResult;
    try {
      model = await tf.loadLayersModel(target.modelUrl);
      const shape = model.inputs[0].shape.slice(1) as number[];
      const want = target.input
        ? [target.input.height, target.input.width, target.input.channels]
        : shape;
      if (shape.length !== want.length || shape.some((d, k) => d !== want[k])) {
        result = {
          id: target.id,
          problem: comparisonText('speedNotAFace', {
            shape: shape.join(' × '),
            want: want.join(' × '),
          }),
        };
      } else {
        onProgress(comparisonText('speedTiming', step));
        const input = tf.randomUniform([1, ...shape], 0, 1);
        const m = model;
        const once = () => {
          const out = m.predict(input) as import('@tensorflow/tfjs').Tensor;
          out.dataSync();
          out.dispose();
        };
        for (let k = 0; k < WARM_UP; k++) once();
        const times: number[] = [];
        const started = performance.now();
        for (let k = 0; k < TRIES && performance.now() - started < BUDGET_MS; k++) {
          const t = performance.now();
          once();
          times.push(performance.now() - t);
          if (k % 5 === 4) await nextFrame(); // keep the page responsive
        }
        input.dispose();
        result = { id: target.id, ms: median(times) };
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      result = {
        id: target.id,
        problem: /\b404\b/.test(text)
          ? comparisonText('speedNotOnSite')
          : comparisonText('speedNotLoaded', { error: text.slice(0, 120) }),
      };
    } finally {
      model?.dispose();
    }
    results.push(result);
    onProgress(comparisonText('speedModelDone', step), result);
    await nextFrame();
  }
  return { backend, backendLabel: BACKEND_LABELS[backend], results };
}
