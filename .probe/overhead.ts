import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../scripts/lib/tf-node.ts";
await useWasmBackend();
const m = tf.sequential(); m.add(tf.layers.globalAveragePooling2d({ inputShape: [48, 48, 1] })); m.add(tf.layers.dense({ units: 7, activation: "softmax" }));
const x = tf.randomUniform([1, 48, 48, 1]);
const time = (f: () => tf.Tensor) => { const t = performance.now(); const y = f(); y.dataSync(); y.dispose(); return performance.now() - t; };
const med = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
for (let i = 0; i < 50; i++) time(() => m.predict(x) as tf.Tensor);
const a = [], b = [], c = [];
for (let i = 0; i < 300; i++) { a.push(time(() => m.predict(x) as tf.Tensor)); b.push(time(() => tf.tidy(() => m.apply(x) as tf.Tensor))); c.push(time(() => tf.tidy(() => tf.relu(x)))); }
console.log("predict", med(a).toFixed(3), "apply", med(b).toFixed(3), "single op", med(c).toFixed(3), tf.getBackend());
