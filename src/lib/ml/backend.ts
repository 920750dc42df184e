/** Picks the fastest TF.js backend this browser can run: WebGL, then self-hosted WebAssembly, then plain JS. */
import * as tf from '@tensorflow/tfjs';
import { mlText } from './text.ts';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: mlText('backend.webgl'),
  wasm: mlText('backend.wasm'),
  cpu: mlText('backend.cpu'),
};

let chosen: Promise<BackendName> | null = null;

/** `wasmBase` is where the tfjs-backend-wasm .wasm files are served (our own origin). */
export function chooseBackend(
  wasmBase: string,
  order: BackendName[] = ['webgl', 'wasm', 'cpu'],
): Promise<BackendName> {
  chosen ??= (async () => {
    for (const name of order) {
      try {
        if (name === 'wasm') {
          const wasm = await import('@tensorflow/tfjs-backend-wasm');
          wasm.setWasmPaths(wasmBase);
        }
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch {
        // This backend cannot run here (no WebGL, wasm blocked…): try the next one.
      }
    }
    throw new Error(mlText('backend.none'));
  })();
  return chosen;
}
