/**
 * Reader-facing words for the model card's labels (the card keeps the dataset's short names:
 * "disgust", "fear", "surprise"). Labels not listed here are shown with a capital letter.
 */
const NAMES: Record<string, string> = {
  angry: "Angry",
  disgust: "Disgusted",
  fear: "Afraid",
  happy: "Happy",
  neutral: "Neutral",
  sad: "Sad",
  surprise: "Surprised",
};

/** "surprise" → "Surprised". */
export function labelName(label: string): string {
  return NAMES[label] ?? label.charAt(0).toUpperCase() + label.slice(1);
}

/** A probability as a whole percentage, e.g. 0.624 → "62%". */
export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}
