/**
 * The colour scale of the feature maps: "viridis" (dark purple = 0, no response → yellow = the
 * strongest response in the layer). It reads well on light and dark pages, for colour-blind readers,
 * and in grayscale print. 256 RGB entries, interpolated from nine published anchor colours.
 */
const ANCHORS = [
  '#440154',
  '#482878',
  '#3e4989',
  '#31688e',
  '#26828e',
  '#1f9e89',
  '#35b779',
  '#6ece58',
  '#fde725',
];

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** 256 × [r, g, b] as one flat array: entry i starts at 3 * i. */
export const VIRIDIS: Uint8ClampedArray = (() => {
  const stops = ANCHORS.map(rgb);
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++)
      lut[3 * i + c] = Math.round(stops[k]![c]! * (1 - f) + stops[k + 1]![c]! * f);
  }
  return lut;
})();

/** A CSS linear-gradient of the scale, left (0) to right (max), for the legend. */
export function legendGradient(): string {
  return `linear-gradient(to right, ${ANCHORS.join(', ')})`;
}
