import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACEMESH_INPUT, FACEMESH_POINTS } from './facemesh.ts';
import { MESH_POINTS } from './features.ts';
import { meshModel, readMeshModelFacts } from './mesh-model.ts';

const MODELS = 'node_modules/@vladmandic/human/models';

describe("the face-mesh model's facts, read from its files", () => {
  it('agree with the constants the browser code uses', () => {
    expect(meshModel.points).toBe(FACEMESH_POINTS);
    expect(meshModel.points).toBe(MESH_POINTS);
    expect(meshModel.inputSize).toBe(FACEMESH_INPUT);
  });

  it('count the model file and every weight file it lists', () => {
    const bytes =
      readFileSync(join(MODELS, 'facemesh.json')).length +
      readFileSync(join(MODELS, 'facemesh.bin')).length;
    expect(meshModel.downloadBytes).toBe(bytes);
  });

  describe("from another model's signature", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-model-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const shape = (...sizes: number[]) => ({
      tensorShape: { dim: sizes.map((s) => ({ size: String(s) })) },
    });
    const write = (input: number[], mesh: number) =>
      writeFileSync(
        join(dir, 'facemesh.json'),
        JSON.stringify({
          signature: {
            inputs: { input_1: shape(...input) },
            outputs: { output_mesh: shape(-1, mesh) },
          },
          weightsManifest: [{ paths: ['w.bin'] }],
        }),
      );
    writeFileSync(join(dir, 'w.bin'), Buffer.alloc(10));

    it('reads its input side and point count', () => {
      write([-1, 256, 256, 3], 3 * 478);
      const facts = readMeshModelFacts(dir);
      expect(facts).toMatchObject({ inputSize: 256, points: 478 });
      expect(facts.downloadBytes).toBe(readFileSync(join(dir, 'facemesh.json')).length + 10);
    });

    it('refuses a mesh output that is not x, y, z per point', () => {
      write([-1, 192, 192, 3], 1405);
      expect(() => readMeshModelFacts(dir)).toThrow(/signature/);
    });
  });
});
