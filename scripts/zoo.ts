/**
 * Trains, exports and evaluates every model of the zoo, then writes the data
 * the site's comparison charts read (src/data/zoo.json).
 *
 *   npm run zoo -- --data ../shared/datasets/fer2013 [--only emotion-cnn,capstone-cnn] [--skip-training]
 *
 * Training resumes from checkpoints (training/runs/<model>), so an interrupted
 * run picks up where it stopped. Our shipped model goes to public/models/emotion-cnn,
 * the others to public/models/zoo/<model>. The transfer-learning entry is made by
 * scripts/zoo-transfer.ts and is only collected here.
 *
 * The shipped model is trained twice with one recipe: first with the hold-out (that run was
 * chosen among the candidates, and its curves tell the training story), then on all of train/
 * for as many epochs (the final fit, which ships). Its recipe includes the faces of train/ as the
 * live demo's detector path cuts them (FRAMING_DATA, made first by evaluate-through-detector.ts
 * --save-crops), so that it reads a webcam face as well as FER2013's own framing.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeModelCard } from '../src/lib/ml/node-io.ts';
import { evaluateModel } from './evaluate.ts';

const PYTHON = '/usr/bin/python3';
const TRAINED = [
  'emotion-cnn',
  'emotion-cnn-v1',
  'fast-s',
  'simple-cnn-rgb',
  'simple-cnn-gray',
  'capstone-cnn',
];

const ZOO_DIR = 'public/models/zoo';
const OUTPUT = 'src/data/zoo.json';

export function modelDir(name: string): string {
  return name === 'emotion-cnn' ? 'public/models/emotion-cnn' : join(ZOO_DIR, name);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

const python = (args: string[]) => run(PYTHON, args);

async function readJson(path: string) {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** Models shipped as a final fit, and the run with the hold-out that chose their recipe. */
const FINAL_FIT: Record<string, string> = { 'emotion-cnn': 'emotion-cnn-cuts-holdout' };
/** Where train/'s faces, cut as the detector path cuts them, are kept for training (never committed). */
const FRAMING_DATA = join('training', 'runs', 'framing');
/** Models whose recipe also learns from those cuts. */
const LEARNS_DETECTOR_FRAMING = ['emotion-cnn'];

function detectorCuts(data: string): string[] {
  if (!existsSync(join(FRAMING_DATA, 'train'))) {
    const args = ['scripts/evaluate-through-detector.ts', '--data', data, '--split', 'train'];
    run('node', [...args, '--save-crops', FRAMING_DATA]);
  }
  return ['--framing-data', FRAMING_DATA];
}

async function trainExportEvaluate(
  name: string,
  data: string,
  skipTraining: boolean,
): Promise<void> {
  const run = join('training', 'runs', name);
  const selected = FINAL_FIT[name] && join('training', 'runs', FINAL_FIT[name]);
  const dir = modelDir(name);
  const recipe = !skipTraining && LEARNS_DETECTOR_FRAMING.includes(name) ? detectorCuts(data) : [];
  if (!skipTraining && selected)
    python(['-m', 'training.train', '--data', data, '--model', name, '--out', selected, ...recipe]);
  if (!skipTraining)
    python([
      '-m',
      'training.train',
      '--data',
      data,
      '--model',
      name,
      ...(selected ? ['--holdout', '0'] : []),
      ...recipe,
    ]);
  python([
    '-m',
    'training.export_tfjs',
    '--run',
    run,
    '--out',
    dir,
    '--data',
    data,
    ...(selected ? ['--selected', selected] : []),
  ]);
  // The curves with a hold-out: a final fit has none of its own.
  await copyFile(join(selected || run, 'history.json'), join(dir, 'history.json'));
  const report = await evaluateModel(dir, data, 'validation');
  const card = await readJson(join(dir, 'model-card.json'));
  const {
    model: _model,
    parameters: _parameters,
    weightBytes: _weightBytes,
    skipped,
    ...metrics
  } = report;
  if (skipped.length) console.warn(`${name}: ${skipped.length} validation file(s) skipped`);
  card.metrics = { ...metrics, date: new Date().toISOString().slice(0, 10) };
  await writeModelCard(dir, card);
  console.log(
    `${name}: accuracy ${(report.accuracy * 100).toFixed(1)}%, 4-class ${(report.accuracy4 * 100).toFixed(1)}%, ${report.weightBytes} weight bytes`,
  );
}

/** One entry per model with a card and history, ours first. */
export async function collectZoo(): Promise<unknown[]> {
  const names = existsSync(ZOO_DIR) ? (await readdir(ZOO_DIR)).sort() : [];
  const dirs = [modelDir('emotion-cnn'), ...names.map((n) => join(ZOO_DIR, n))];
  const entries = [];
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'model-card.json')) || !existsSync(join(dir, 'history.json')))
      continue;
    const card = await readJson(join(dir, 'model-card.json'));
    const history = await readJson(join(dir, 'history.json'));
    if (!card.metrics) continue;
    entries.push({
      name: card.name,
      shipped: dir === modelDir('emotion-cnn'),
      // A transfer model's folder holds only its head; the page cannot time it on a 48×48 face alone.
      modelUrl:
        existsSync(join(dir, 'model.json')) && !card.base
          ? `/${dir.replace(/^public\//, '')}/model.json`
          : null,
      input: card.input,
      parameters: card.parameters,
      weightBytes: card.weights?.weight_bytes,
      trainSeconds: card.training?.train_seconds ?? history.train_seconds,
      epochs: card.training?.epochs ?? history.history.length,
      // For a final fit, the history (and so its kept epoch) is the selected hold-out run's.
      bestEpoch: card.training?.selected_run
        ? history.best_epoch
        : (card.training?.best_epoch ?? history.best_epoch),
      finalFit: card.training?.selected_run
        ? { trainSize: card.training.train_size, selectedRun: card.training.selected_run.run }
        : null,
      metrics: card.metrics,
      history: history.history,
    });
  }
  return entries;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      only: { type: 'string' },
      'skip-training': { type: 'boolean', default: false },
      'collect-only': { type: 'boolean', default: false },
    },
  });
  if (!values.data && !values['collect-only']) {
    console.error(
      'usage: npm run zoo -- --data <fer2013 folder> [--only a,b] [--skip-training] | --collect-only',
    );
    return 2;
  }
  if (!values['collect-only']) {
    const names = values.only ? values.only.split(',') : TRAINED;
    const unknown = names.filter((n) => !TRAINED.includes(n));
    if (unknown.length) {
      console.error(`unknown model(s): ${unknown.join(', ')}; choose from ${TRAINED.join(', ')}`);
      return 2;
    }
    for (const name of names)
      await trainExportEvaluate(name, values.data!, values['skip-training']!);
  }
  const zoo = await collectZoo();
  await writeFile(
    OUTPUT,
    JSON.stringify({ split: 'validation', generatedBy: 'scripts/zoo.ts', models: zoo }, null, 1) +
      '\n',
  );
  console.log(`wrote ${OUTPUT} with ${zoo.length} model(s)`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
