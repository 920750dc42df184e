/**
 * One schema for the model card (src/lib/ml/model-card.schema.json): every card and every copy of
 * a card's parts in the repository matches it, and the TS types name the same keys, so the types,
 * the schema and what training/card.py writes cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { globSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from './model-card.schema.json' with { type: 'json' };
import type {
  ClassMetrics,
  EvaluationMetrics,
  ModelCard,
  ModelInputSpec,
  SelectionCandidate,
  TrainConfig,
  TrainedRun,
  TransferBase,
  TransferConfig,
  TransferTraining,
} from './model-card.ts';
import { modelCardProblems, validateModelCard } from './validate-model-card.ts';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const cardPaths = globSync('public/models/**/model-card.json').sort();
const shipped = readJson('public/models/emotion-cnn/model-card.json') as ModelCard;

/** Checks one of the schema's `$defs` on its own, for the card parts that other files copy. */
const partChecks = new Map<string, ValidateFunction>();
function partProblems(name: keyof typeof schema.$defs, value: unknown): string[] {
  if (!partChecks.has(name))
    partChecks.set(
      name,
      new Ajv2020({ allErrors: true }).compile({ $ref: `#/$defs/${name}`, $defs: schema.$defs }),
    );
  const check = partChecks.get(name)!;
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('the model card schema', () => {
  it.each(cardPaths)('%s matches it', (path) => {
    expect(modelCardProblems(readJson(path))).toEqual([]);
  });

  it("covers every model folder, ours and the zoo's", () => {
    expect(cardPaths).toContain('public/models/emotion-cnn/model-card.json');
    expect(cardPaths.length).toBeGreaterThan(2);
  });

  it.each(['src/data/zoo.json', 'tests/fixtures/zoo.json', 'tests/fixtures/zoo-partial.json'])(
    "the cards' input and metrics copied into %s match it",
    (path) => {
      for (const model of readJson(path).models as { input?: unknown; metrics?: unknown }[]) {
        if (model.input) expect(partProblems('input', model.input)).toEqual([]);
        if (model.metrics) expect(partProblems('evaluationMetrics', model.metrics)).toEqual([]);
      }
    },
  );

  it('rejects a camelCase key, a path of the training machine and a setting it does not know', () => {
    const config = (shipped.training as TrainedRun).config;
    expect(modelCardProblems({ ...shipped, testTimeMirror: true })).toEqual([
      '(card) must NOT have additional properties (testTimeMirror)',
    ]);
    expect(
      modelCardProblems({
        ...shipped,
        training: {
          ...shipped.training,
          config: { ...config, card: '/work/main/public/models/emotion-cnn/model-card.json' },
        },
      }),
    ).toContain('/training/config/card must NOT be valid');
    expect(
      modelCardProblems({
        ...shipped,
        training: { ...shipped.training, config: { ...config, warmup: 3 } },
      }),
    ).toContain('/training/config must NOT have additional properties (warmup)');
    expect(() =>
      validateModelCard({ ...shipped, input: { ...shipped.input, channels: 2 } }, 'card.json'),
    ).toThrow(/card\.json .*\/input\/channels/);
  });

  // Each record must name exactly its type's keys (tsc checks that); the test checks the schema names the same.
  const typeKeys = {
    '': {
      name: 1,
      description: 1,
      labels: 1,
      input: 1,
      test_time_mirror: 1,
      parameters: 1,
      parameter_split: 1,
      weights: 1,
      base: 1,
      training: 1,
      metrics: 1,
      selection: 1,
    } satisfies Record<keyof ModelCard, 1>,
    input: {
      width: 1,
      height: 1,
      channels: 1,
      scale: 1,
      offset: 1,
      grayscale: 1,
      face_margin: 1,
      face_offset_y: 1,
      face_framing_margin: 1,
      face_framing_offset_y: 1,
    } satisfies Record<keyof ModelInputSpec, 1>,
    trainedRun: {
      epochs: 1,
      best_epoch: 1,
      train_seconds: 1,
      train_size: 1,
      holdout_size: 1,
      holdout_accuracy: 1,
      selected_run: 1,
      cpu_seconds: 1,
      threads: 1,
      config: 1,
    } satisfies Record<keyof TrainedRun, 1>,
    trainConfig: {
      data: 1,
      model: 1,
      card: 1,
      epochs: 1,
      batch: 1,
      lr: 1,
      weight_decay: 1,
      label_smoothing: 1,
      class_weight_power: 1,
      holdout: 1,
      seed: 1,
      limit: 1,
      augment_strength: 1,
      dropout: 1,
      init_from: 1,
      pct_start: 1,
      framing_data: 1,
      framing_share: 1,
      four_class_weight: 1,
    } satisfies Record<keyof TrainConfig, 1>,
    transferTraining: {
      feature: 1,
      epochs: 1,
      best_epoch: 1,
      train_size: 1,
      holdout_size: 1,
      extraction_seconds: 1,
      extraction_cpu_seconds: 1,
      extraction_base_ms_per_forward_pass: 1,
      mirrored_train_copies: 1,
      head_train_seconds: 1,
      head_cpu_seconds: 1,
      train_seconds: 1,
      cpu_seconds: 1,
      train_seconds_note: 1,
      config: 1,
    } satisfies Record<keyof TransferTraining, 1>,
    'transferTraining.config': {
      feature: 1,
      head: 1,
      hidden: 1,
      channels: 1,
      dropout: 1,
      input_dropout: 1,
      epochs: 1,
      batch: 1,
      lr: 1,
      weight_decay: 1,
      label_smoothing: 1,
      class_weight_power: 1,
      no_flip: 1,
      holdout: 1,
      seed: 1,
      dtype: 1,
    } satisfies Record<keyof TransferConfig, 1>,
    transferBase: {
      source: 1,
      task: 1,
      frozen: 1,
      feature_node: 1,
      feature_shape: 1,
      input: 1,
      browser: 1,
    } satisfies Record<keyof TransferBase, 1>,
    evaluationMetrics: {
      split: 1,
      images: 1,
      accuracy: 1,
      accuracy4: 1,
      per_class: 1,
      confusion: 1,
    } satisfies Record<keyof EvaluationMetrics, 1>,
    classMetrics: { precision: 1, recall: 1, f1: 1, support: 1 } satisfies Record<
      keyof ClassMetrics,
      1
    >,
    selectionCandidate: {
      run: 1,
      layers: 1,
      parameters: 1,
      recipe: 1,
      best_epoch: 1,
      holdout_accuracy: 1,
      holdout_accuracy_detector_cut: 1,
      train_seconds: 1,
      threads: 1,
    } satisfies Record<keyof SelectionCandidate, 1>,
  };
  type SchemaNode = { properties: Record<string, SchemaNode> };
  const root = schema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };
  const schemaProperties = (where: string): string[] => {
    const [def, child] = where.split('.');
    const node = def ? root.$defs[def]! : root;
    return Object.keys(child ? node.properties[child]!.properties : node.properties).sort();
  };
  it.each(Object.entries(typeKeys))("the TS type of %s names the schema's keys", (where, keys) => {
    expect(Object.keys(keys).sort()).toEqual(schemaProperties(where || ''));
  });
});
