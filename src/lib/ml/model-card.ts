/**
 * The model card is the single source of truth for label order, input size and
 * normalisation. The browser, the Node scripts and the tests all read it here.
 */
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

export interface ModelCard {
  name: string;
  labels: string[];
  input: ModelInputSpec;
  /** Average the scores of the face and its mirror image (chosen on the hold-out split at export). */
  test_time_mirror?: boolean;
  parameters?: number;
  weights?: { weight_bytes: number; weight_dtype: string };
  training?: Record<string, unknown>;
  metrics?: EvaluationMetrics & { date: string };
  /** The candidate runs this model was chosen from, scored on the hold-out from train/ (training/selection.py). */
  selection?: { split: string; candidates: SelectionCandidate[]; /** The run with the best hold-out score: the one shipped. */ chosen?: string };
}

export interface SelectionCandidate {
  run: string;
  /** [kind, argument] per layer, as in training/models.py. */
  layers: [string, number | null][];
  parameters: number;
  recipe: { epochs: number; batch: number; class_weight_power: number; augment_strength: number; lr: number };
  best_epoch: number;
  holdout_accuracy: number;
  train_seconds: number;
  /** 1 when the run shared the 2-core machine with another run. */
  threads?: number;
}

/** The capstone's 4-class subset, used to compare with its reported figures. */
export const FOUR_CLASS_SUBSET = ["happy", "sad", "neutral", "surprise"] as const;

export const MODEL_CARD_PATH = "models/emotion-cnn/model-card.json";

export function parseModelCard(value: unknown): ModelCard {
  const card = value as ModelCard;
  const input = card?.input;
  const problems: string[] = [];
  if (!Array.isArray(card?.labels) || card.labels.length < 2 || card.labels.some((l) => typeof l !== "string")) {
    problems.push("labels must be a list of class names");
  }
  if (!input) problems.push("input is missing");
  else {
    for (const key of ["width", "height", "scale", "offset", "face_margin"] as const) {
      if (typeof input[key] !== "number" || !Number.isFinite(input[key])) problems.push(`input.${key} must be a number`);
    }
    if (input.face_offset_y !== undefined && (typeof input.face_offset_y !== "number" || !Number.isFinite(input.face_offset_y))) {
      problems.push("input.face_offset_y must be a number when given");
    }
    if (input.channels !== 1 && input.channels !== 3) problems.push("input.channels must be 1 or 3");
    if (!Array.isArray(input.grayscale) || input.grayscale.length !== 3) problems.push("input.grayscale must hold 3 weights");
  }
  if (problems.length) throw new Error(`Invalid model card: ${problems.join("; ")}`);
  return card;
}

export async function loadModelCard(url: string, fetcher: typeof fetch = fetch): Promise<ModelCard> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`Could not load the model card (${response.status}) from ${url}`);
  return parseModelCard(await response.json());
}
