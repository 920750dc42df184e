/**
 * The speed benchmark times stand-ins built from training/models.py; they must have the shape the
 * export ships, or the figures would describe another network.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { build, readArchitectures } from "../../../scripts/bench-shapes.ts";

const architectures = readArchitectures();
const shippedWeights = JSON.parse(readFileSync("public/models/emotion-cnn/model.json", "utf8")).weightsManifest[0].weights as { shape: number[] }[];

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("bench-shapes", () => {
  it("builds the shipped architecture with exactly the shipped model's weights", () => {
    const { model } = build(tf, architectures["emotion-cnn"]!, 1);
    const shipped = shippedWeights.map((w) => w.shape);
    expect(model.weights.map((w) => w.shape)).toEqual(shipped);
    model.dispose();
  });

  it("counts multiply-adds layer by layer and scales the width", () => {
    // fast-c: 24² × 9 × 1 × 32 + 24² × 9 × 32 × 48 + 12² × 9 × (48 × 64 + 64 × 96) + 6² × 9 × (96 × 128 + 128 × 192) + 3² × 9 × 192 × 256 + 256 × 7
    const expected = 576 * 9 * 32 + 576 * 9 * 32 * 48 + 144 * 9 * (48 * 64 + 64 * 96) + 36 * 9 * (96 * 128 + 128 * 192) + 9 * 9 * 192 * 256 + 256 * 7;
    const full = build(tf, architectures["emotion-cnn"]!, 1);
    expect(full.macs).toBe(expected);
    const half = build(tf, architectures["emotion-cnn"]!, 0.5);
    expect(half.macs).toBeLessThan(expected / 3.5);
    expect((half.model.outputs[0]!.shape as number[]).at(-1)).toBe(7);
    full.model.dispose();
    half.model.dispose();
  });
});
