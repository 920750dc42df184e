/** Draws a 0–255 crop (gray or RGB) into a canvas of its own size (CSS scales it up, pixelated). */
export function drawCrop(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  width: number,
  height: number,
): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  const channels = values.length / (width * height);
  for (let p = 0; p < width * height; p++) {
    const i = p * channels;
    img.data[4 * p] = values[i]!;
    img.data[4 * p + 1] = values[channels >= 3 ? i + 1 : i]!;
    img.data[4 * p + 2] = values[channels >= 3 ? i + 2 : i]!;
    img.data[4 * p + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
