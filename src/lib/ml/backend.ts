/** Picks the fastest TF.js backend this browser can run: WebGL, then self-hosted WebAssembly, then plain JS. */
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: 'WebGL (graphics card)',
  wasm: 'WebAssembly (processor, fast)',
  cpu: 'JavaScript (processor, slow)',
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
    throw new Error('No TF.js backend could start in this browser');
  })();
  return chosen;
}
