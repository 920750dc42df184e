/** TF.js in Node for our scripts: the WebAssembly backend (tfjs-node cannot install here). */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // in Node it reads its .wasm from its own folder

export async function useWasmBackend(): Promise<typeof tf> {
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}
