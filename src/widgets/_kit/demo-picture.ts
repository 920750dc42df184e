/**
 * A drawn face to show before the reader picks a picture, so the widgets work at once, with nothing
 * to download: a yellow smiley on a blue background (so red, green and blue differ), with soft
 * shading (so the numbers vary).
 */
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { pixelsRectReader, takeSnapshot, type Snapshot } from './snapshot.ts';

const SIZE = 144;

export function demoSnapshot(spec: ModelInputSpec): Snapshot | null {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = SIZE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  const c = SIZE / 2;
  const sky = ctx.createLinearGradient(0, 0, 0, SIZE);
  sky.addColorStop(0, '#4f7fd6');
  sky.addColorStop(1, '#1d3a7a');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, SIZE, SIZE);

  const face = ctx.createRadialGradient(c - 16, c - 20, 8, c, c, 58);
  face.addColorStop(0, '#fff3a6');
  face.addColorStop(0.7, '#f5c531');
  face.addColorStop(1, '#c98a12');
  ctx.fillStyle = face;
  ctx.beginPath();
  ctx.arc(c, c, 56, 0, Math.PI * 2);
  ctx.fill();

  // Eyebrows, eyes, mouth.
  ctx.strokeStyle = '#5a3208';
  ctx.lineCap = 'round';
  ctx.lineWidth = 5;
  for (const dx of [-22, 22]) {
    ctx.beginPath();
    ctx.moveTo(c + dx - 10, c - 30 + (dx < 0 ? 2 : 0));
    ctx.lineTo(c + dx + 10, c - 30 + (dx < 0 ? 0 : 2));
    ctx.stroke();
    ctx.fillStyle = '#2b1a05';
    ctx.beginPath();
    ctx.ellipse(c + dx, c - 12, 7, 10, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(c + dx + 2, c - 15, 2.5, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.lineWidth = 7;
  ctx.strokeStyle = '#7a2410';
  ctx.beginPath();
  ctx.arc(c, c + 6, 30, 0.15 * Math.PI, 0.85 * Math.PI);
  ctx.stroke();
  ctx.fillStyle = 'rgb(235 110 90 / 0.45)';
  for (const dx of [-36, 36]) {
    ctx.beginPath();
    ctx.arc(c + dx, c + 12, 9, 0, Math.PI * 2);
    ctx.fill();
  }

  const { data } = ctx.getImageData(0, 0, SIZE, SIZE);
  const pixels = { data, width: SIZE, height: SIZE, channels: 4 as const };
  return takeSnapshot(pixelsRectReader(pixels), SIZE, SIZE, null, spec);
}
