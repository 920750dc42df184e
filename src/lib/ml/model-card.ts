/**
 * The model card is the single source of truth for label order, input size and
 * normalisation. The browser, the Node scripts and the tests all read it here.
 */
import { FRAMING_FEATURES } from './preprocess.ts';
import { mlText } from './text.ts';

export interface ModelInputSpec {
  width: number;
  height: number;
  /** 1 = grayscale, 3 = RGB */
  channels: 1 | 3;
  /** x = pixel × scale + offset, for 0–255 pixels */
  scale: number;
  offset: number;
  /** Luma weights for R, G, B when converting colour to grayscale. */
  grayscale: [number, number, number];
  /** Extra space added around a detected face box, as a share of its size, before cropping. */
  face_margin: number;
  /**
   * How far the crop's centre sits below the detected box's centre, as a share of the box's height
   * (negative: above). Absent means 0 (cards written before it existed).
   */
  face_offset_y?: number;
  /**
   * A rule that reads the margin and the offset from each face instead (when the detector marks the
   * six BlazeFace keypoints): weights over framingFeatures() in preprocess.ts, fitted on training
   * pictures by `npm run evaluate:through-detector -- --split train --calibrate`. Absent: the
   * constants above for every face.
   */
  face_framing_margin?: number[];
  face_framing_offset_y?: number[];
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationMetrics {
  split: string;
  images: number;
  accuracy: number;
  accuracy4: number;
  per_class: Record<string, ClassMetrics>;
  confusion: number[][];
}

/**
 * The types of the card's schema, model-card.schema.json (which training/card.py also checks on
 * write); validate-model-card.test.ts keeps their keys the same as the schema's.
 */
export interface ModelCard {
  name: string;
  description?: string;
  labels: string[];
  input: ModelInputSpec;
  /** Average the scores of the face and its mirror image (chosen on the hold-out split at export). */
  test_time_mirror?: boolean;
  parameters?: number;
  /** A transfer model's parameters: the borrowed, frozen base and the head trained here. */
  parameter_split?: { frozen_base: number; trained_head: number };
  weights?: {
    weight_bytes: number;
    weight_dtype: string;
    base_bytes?: number;
    head_bytes?: number;
  };
  base?: TransferBase;
  training?: TrainedRun | TransferTraining;
  metrics?: EvaluationMetrics & { date: string };
  /** The candidate runs this model was chosen from, scored on the hold-out from train/ (training/selection.py). */
  selection?: {
    split: string;
    candidates: SelectionCandidate[];
    /** The run with the best hold-out score: the one shipped. */ chosen?: string;
  };
}

/** A PyTorch run of training/train.py, exported by training/export_tfjs.py. */
export interface TrainedRun {
  epochs: number;
  best_epoch: number;
  train_seconds: number;
  train_size: number;
  holdout_size: number;
  /** Without and with the mirrored face (a final fit: its selected run's); null when export had no data. */
  holdout_accuracy: { plain: number; with_mirror: number } | null;
  /** A final fit's hold-out run: same recipe, with part of train/ held aside. */
  selected_run?: {
    run: string;
    train_size: number;
    holdout_size: number;
    best_epoch: number;
    epochs: number;
  } | null;
  /** Processor time (user + system) of the run: what the comparison on lesson 7 shows too. */
  cpu_seconds?: number | null;
  threads?: number | null;
  config: TrainConfig;
}

/** training/train.py's settings; paths are relative to the repository. */
export interface TrainConfig {
  data: string;
  model: string;
  card?: string;
  epochs: number;
  batch: number;
  lr: number;
  weight_decay: number;
  label_smoothing: number;
  class_weight_power: number;
  holdout: number;
  seed: number;
  limit: number;
  augment_strength?: number;
  dropout?: number | null;
  /** Faces as the detector path cuts them, shown instead of the dataset's with chance framing_share. */
  framing_data?: string | null;
  framing_share?: number;
  init_from?: string | null;
  pct_start?: number;
  /** A setting of older runs (capstone-cnn). */
  four_class_weight?: number;
}

/** scripts/zoo-transfer.ts: features of a frozen base, then a head trained by training/transfer_head.py. */
export interface TransferTraining {
  feature: string;
  epochs: number;
  best_epoch: number;
  train_size: number;
  holdout_size: number;
  extraction_seconds?: number;
  extraction_cpu_seconds?: number | null;
  extraction_base_ms_per_forward_pass?: number;
  mirrored_train_copies?: boolean;
  head_train_seconds?: number;
  head_cpu_seconds?: number;
  train_seconds: number;
  cpu_seconds?: number | null;
  train_seconds_note?: string;
  config: TransferConfig;
}

/** training/transfer_head.py's settings. */
export interface TransferConfig {
  feature: string;
  head: string;
  hidden?: number;
  channels?: number;
  dropout?: number;
  input_dropout?: number;
  epochs: number;
  batch: number;
  lr: number;
  weight_decay?: number;
  label_smoothing?: number;
  class_weight_power?: number;
  no_flip?: boolean;
  holdout: number;
  seed: number;
  dtype?: string;
}

/** The frozen network a transfer model borrows. */
export interface TransferBase {
  source: string;
  task: string;
  frozen: boolean;
  feature_node: string;
  feature_shape: number[];
  input: string;
  browser: string;
}

export interface SelectionCandidate {
  run: string;
  /** [kind, argument] per layer, as in training/models.py. */
  layers: [string, number | null][];
  parameters: number;
  recipe: {
    epochs: number;
    batch: number;
    class_weight_power: number;
    augment_strength: number;
    lr: number;
    /** The chance that a training face was shown as the detector path cuts it. */
    framing_share?: number;
  };
  best_epoch: number;
  holdout_accuracy: number;
  /** At the same epoch, on the hold-out's faces as the detector path cuts them. */
  holdout_accuracy_detector_cut?: number;
  train_seconds: number;
  /** 1 when the run shared the 2-core machine with another run. */
  threads?: number | null;
}

/** The card's training when train.py made the model; undefined for a transfer model or a card without it. */
export function trainedRun(card: ModelCard): TrainedRun | undefined {
  return card.training && !('feature' in card.training) ? card.training : undefined;
}

/** The capstone's 4-class subset, used to compare with its reported figures. */
export const FOUR_CLASS_SUBSET = ['happy', 'sad', 'neutral', 'surprise'] as const;

export const MODEL_CARD_PATH = 'models/emotion-cnn/model-card.json';

export function parseModelCard(value: unknown): ModelCard {
  const card = value as ModelCard;
  const input = card?.input;
  const problems: string[] = [];
  if (
    !Array.isArray(card?.labels) ||
    card.labels.length < 2 ||
    card.labels.some((l) => typeof l !== 'string')
  ) {
    problems.push('labels must be a list of class names');
  }
  if (!input) problems.push('input is missing');
  else {
    for (const key of ['width', 'height', 'scale', 'offset', 'face_margin'] as const) {
      if (typeof input[key] !== 'number' || !Number.isFinite(input[key]))
        problems.push(`input.${key} must be a number`);
    }
    if (
      input.face_offset_y !== undefined &&
      (typeof input.face_offset_y !== 'number' || !Number.isFinite(input.face_offset_y))
    ) {
      problems.push('input.face_offset_y must be a number when given');
    }
    const framing = [input.face_framing_margin, input.face_framing_offset_y];
    if (
      framing.some((w) => w !== undefined) &&
      !framing.every(
        (w) =>
          Array.isArray(w) &&
          w.length === FRAMING_FEATURES &&
          w.every((v) => typeof v === 'number' && Number.isFinite(v)),
      )
    )
      problems.push(
        `input.face_framing_margin and input.face_framing_offset_y must both hold ${FRAMING_FEATURES} numbers when given`,
      );
    if (input.channels !== 1 && input.channels !== 3)
      problems.push('input.channels must be 1 or 3');
    if (!Array.isArray(input.grayscale) || input.grayscale.length !== 3)
      problems.push('input.grayscale must hold 3 weights');
  }
  if (problems.length) throw new Error(`Invalid model card: ${problems.join('; ')}`);
  return card;
}

export async function loadModelCard(
  url: string,
  fetcher: typeof fetch = fetch,
): Promise<ModelCard> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(mlText('card.notLoaded', { status: response.status, url }));
  return parseModelCard(await response.json());
}
