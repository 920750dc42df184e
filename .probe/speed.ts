import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../scripts/lib/tf-node.ts";
type Spec = [string, number | null][];
const SPECS: Record<string, Spec> = {
  "fast-c": [["down", 32], ["conv", 48], ["pool", null], ["conv", 64], ["conv", 96], ["pool", null], ["conv", 128], ["conv", 192], ["pool", null], ["conv", 256]],
  "fast-s": [["down", 24], ["sep", 48], ["pool", null], ["sep", 96], ["sep", 128], ["pool", null], ["sep", 192], ["sep", 256], ["pool", null], ["sep", 320]],
  "half-c": [["down", 16], ["conv", 24], ["pool", null], ["conv", 32], ["conv", 48], ["pool", null], ["conv", 64], ["conv", 96], ["pool", null], ["conv", 128]],
  "mid-c": [["down", 24], ["conv", 32], ["pool", null], ["conv", 48], ["conv", 64], ["pool", null], ["conv", 96], ["conv", 128], ["pool", null], ["conv", 192]],
  "s-wide": [["down", 32], ["sep", 64], ["pool", null], ["sep", 128], ["sep", 160], ["pool", null], ["sep", 256], ["sep", 320], ["pool", null], ["sep", 384]],
  "hyb": [["down", 24], ["conv", 32], ["pool", null], ["sep", 96], ["sep", 128], ["pool", null], ["sep", 192], ["sep", 256], ["pool", null], ["sep", 320]],
  "hyb2": [["down", 24], ["conv", 32], ["pool", null], ["conv", 64], ["sep", 128], ["pool", null], ["conv", 160], ["sep", 256], ["pool", null], ["sep", 384]],
};
function build(spec: Spec) {
  const m = tf.sequential();
  let first = true;
  const inp = () => (first ? (first = false, { inputShape: [48, 48, 1] }) : {});
  for (const [k, f] of spec) {
    if (k === "down") m.add(tf.layers.conv2d({ ...inp(), filters: f!, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }));
    if (k === "conv") m.add(tf.layers.conv2d({ ...inp(), filters: f!, kernelSize: 3, padding: "same", activation: "relu" }));
    if (k === "sep") { m.add(tf.layers.depthwiseConv2d({ ...inp(), kernelSize: 3, padding: "same", activation: "relu" })); m.add(tf.layers.conv2d({ filters: f!, kernelSize: 1, activation: "relu" })); }
    if (k === "pool") m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  m.add(tf.layers.globalAveragePooling2d({})); m.add(tf.layers.dense({ units: 7, activation: "softmax" }));
  return m;
}
await useWasmBackend();
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SPECS);
const models = names.map((n) => [n, build(SPECS[n]!)] as const);
const x1 = tf.randomUniform([1, 48, 48, 1]), x2 = tf.randomUniform([2, 48, 48, 1]);
const time = (m: tf.Sequential, x: tf.Tensor) => { const t = performance.now(); const y = m.predict(x) as tf.Tensor; y.dataSync(); y.dispose(); return performance.now() - t; };
for (const [, m] of models) for (let i = 0; i < 20; i++) { time(m, x1); time(m, x2); }
const t1 = new Map<string, number[]>(), t2 = new Map<string, number[]>();
for (let r = 0; r < 200; r++) for (const [n, m] of models) { (t1.get(n) ?? t1.set(n, []).get(n)!).push(time(m, x1)); (t2.get(n) ?? t2.set(n, []).get(n)!).push(time(m, x2)); }
const med = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
for (const [n, m] of models) console.log(n.padEnd(8), "params", m.countParams(), "b1", med(t1.get(n)!).toFixed(3), "b2", med(t2.get(n)!).toFixed(3));
