/**
 * The augmentation part of the training story, loaded when the reader asks for it: takes a picture
 * (from the shared <face-source> picker when the page has one, else a bundled sample photo or an
 * upload), finds the face (MediaPipe, self-hosted; the middle of the picture if none is found), crops
 * it the way the model card says, and shows the changes training makes (augment-math.ts) at the shipped
 * recipe's strength (the element's data-strength, from the model card) — one at a time, and a few random
 * mixes like the ones one training step sees. Nothing leaves the device.
 */
import { loadModelCard, MODEL_CARD_PATH, type ModelInputSpec } from '../../lib/ml/model-card.ts';
import { faceCrop, type PixelBox } from '../../lib/ml/preprocess.ts';
import { loadSampleManifest, loadStillImage } from '../../lib/vision/image-source.ts';
import type { FaceDetector } from '../../lib/vision/face-detector.ts';
import type { FrameSource } from '../../lib/vision/types.ts';
import { applyAugment, describeParams, randomParams, singleChanges } from './augment-math.ts';
import { kitText } from '../_kit/text.ts';
import { storyText } from './text.ts';

const base = (): string => {
  const b = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return b.endsWith('/') ? b : `${b}/`;
};

let detector: Promise<FaceDetector | null> | null = null;
function faceDetector(): Promise<FaceDetector | null> {
  detector ??= import('../../lib/vision/face-detector.ts')
    .then(({ FaceDetector }) => FaceDetector.create({ mode: 'image' }))
    .catch(() => null);
  return detector;
}

let spec: Promise<ModelInputSpec> | null = null;
function inputSpec(): Promise<ModelInputSpec> {
  spec ??= loadModelCard(`${base()}${MODEL_CARD_PATH}`).then((c) => c.input);
  return spec;
}

interface Ui {
  root: HTMLElement;
  status: HTMLElement;
  variants: HTMLElement;
  face: Float32Array | null;
  size: number;
  /** training/augment.py's strength in the shipped recipe. */
  strength: number;
  generation: number;
}

function draw(values: Float32Array, size: number, label: string, note?: string): HTMLLIElement {
  const li = document.createElement('li');
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.setAttribute('role', 'img');
  const change = label.toLowerCase();
  canvas.setAttribute(
    'aria-label',
    note
      ? storyText('augment.faceLabelWithNote', { change, note })
      : storyText('augment.faceLabel', { change }),
  );
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(size, size);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i] * 255);
    img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = v;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  const caption = document.createElement('span');
  caption.textContent = label;
  li.append(canvas, caption);
  if (note) {
    const small = document.createElement('span');
    small.className = 'muted';
    small.textContent = note;
    li.append(small);
  }
  return li;
}

function render(ui: Ui) {
  if (!ui.face) return;
  const { face, size } = ui;
  const items = singleChanges(ui.strength).map((c) =>
    draw(applyAugment(face, size, size, c.params), size, c.label),
  );
  for (let i = 0; i < 3; i++) {
    const p = randomParams(Math.random, ui.strength);
    items.push(
      draw(
        applyAugment(face, size, size, p),
        size,
        storyText('augment.randomMix', { number: i + 1 }),
        describeParams(p),
      ),
    );
  }
  ui.variants.replaceChildren(...items);
}

/** Reads one frame of the source into a canvas (a still photo, or the camera's current frame). */
function snapshot(source: FrameSource): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = source.width || (source.element as HTMLVideoElement).videoWidth || 1;
  canvas.height = source.height || (source.element as HTMLVideoElement).videoHeight || 1;
  canvas
    .getContext('2d', { willReadFrequently: true })!
    .drawImage(source.element as CanvasImageSource, 0, 0, canvas.width, canvas.height);
  return canvas;
}

async function useSource(ui: Ui, source: FrameSource, name: string) {
  const gen = ++ui.generation;
  ui.status.textContent = storyText('augment.findingFace');
  const [input, found] = await Promise.all([inputSpec(), faceDetector()]);
  if (gen !== ui.generation) return;
  const canvas = snapshot(source);
  const { width, height } = canvas;
  const pixels = {
    data: canvas.getContext('2d')!.getImageData(0, 0, width, height).data,
    width,
    height,
    channels: 4 as const,
  };
  let box: PixelBox | null = null;
  let note = '';
  try {
    const faces = found?.detect(canvas) ?? [];
    const largest = [...faces].sort(
      (a, b) => b.box.width * b.box.height - a.box.width * a.box.height,
    )[0];
    if (largest)
      box = {
        x: largest.box.x * width,
        y: largest.box.y * height,
        width: largest.box.width * width,
        height: largest.box.height * height,
      };
    else note = storyText('augment.noFace');
  } catch {
    note = storyText('augment.finderFailed');
  }
  if (!found && !note) note = storyText('augment.finderNotLoaded');
  if (!box) {
    const side = Math.min(width, height) * 0.8;
    box = { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
  }
  const crop = faceCrop(pixels, box, { ...input, channels: 1 });
  ui.face = crop.map((v) => v / 255);
  ui.size = input.width;
  render(ui);
  ui.status.textContent = [
    storyText('augment.showing', { name, width: input.width, height: input.height }),
    note,
  ]
    .filter(Boolean)
    .join(' ');
  ui.root.dataset.ready = 'true';
}

function errorText(error: unknown): string {
  const e = error as { message?: string; hint?: string };
  return [e?.message ?? String(error), e?.hint].filter(Boolean).join(' ');
}

/** Without the shared picker: a list of the sample photos and an upload button. */
async function fallbackPicker(ui: Ui, holder: HTMLElement) {
  const manifest = await loadSampleManifest(`${base()}vendor/samples`);
  const id = `${ui.root.dataset.id ?? 'augment'}-sample`;
  const wrap = document.createElement('div');
  wrap.className = 'ts-picker';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = storyText('augment.photo');
  const select = document.createElement('select');
  select.id = id;
  manifest.samples.forEach((s, i) => select.append(new Option(s.description, String(i))));
  const uploadLabel = document.createElement('label');
  uploadLabel.className = 'button secondary ts-upload';
  uploadLabel.textContent = storyText('augment.useOwnPhoto');
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = 'image/*';
  file.className = 'visually-hidden';
  uploadLabel.append(file);
  const shuffle = document.createElement('button');
  shuffle.type = 'button';
  shuffle.className = 'button secondary';
  shuffle.textContent = storyText('augment.newMixes');
  shuffle.addEventListener('click', () => render(ui));
  const credit = document.createElement('p');
  credit.className = 'ts-credit muted';
  const { package: name, license, copyright } = manifest.source;
  credit.textContent = kitText('picker.sampleCredit', { package: name, license, copyright });
  wrap.append(label, select, uploadLabel, shuffle);
  holder.replaceChildren(wrap, credit);

  const loadSample = async (i: number) => {
    const s = manifest.samples[i];
    ui.status.textContent = storyText('augment.openingPhoto');
    const source = await loadStillImage(s.url);
    try {
      await useSource(ui, source, s.description);
    } finally {
      source.stop();
    }
  };
  select.addEventListener('change', () =>
    loadSample(Number(select.value)).catch((e) => (ui.status.textContent = errorText(e))),
  );
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    try {
      ui.status.textContent = storyText('augment.openingYourPhoto');
      const source = await loadStillImage(f);
      try {
        await useSource(ui, source, storyText('augment.yourPhoto'));
      } finally {
        source.stop();
      }
    } catch (e) {
      ui.status.textContent = errorText(e);
    } finally {
      file.value = '';
    }
  });
  await loadSample(0);
}

export interface SourceDetail {
  source: FrameSource | null;
  name?: string;
}

/** Starts the part. `initial` is a picture the shared picker already gave before this code loaded. */
export async function start(
  root: HTMLElement,
  initial?: SourceDetail,
): Promise<(detail: SourceDetail) => void> {
  const ui: Ui = {
    root,
    status: root.querySelector<HTMLElement>('[data-status]')!,
    variants: root.querySelector<HTMLElement>('[data-variants]')!,
    face: null,
    size: 48,
    strength: Number(root.querySelector<HTMLElement>('[data-augment]')?.dataset.strength ?? 1),
    generation: 0,
  };
  const onSource = (detail: SourceDetail) => {
    if (!detail.source) return;
    useSource(ui, detail.source, detail.name || storyText('augment.yourPicture')).catch(
      (e) => (ui.status.textContent = errorText(e)),
    );
  };
  const picker = root.querySelector('face-source');
  if (picker) {
    const again = root.querySelector<HTMLButtonElement>('[data-augment-shuffle]');
    if (again) {
      again.hidden = false;
      again.addEventListener('click', () => render(ui));
    }
    if (initial) onSource(initial);
  } else {
    await fallbackPicker(ui, root.querySelector<HTMLElement>('[data-source]')!);
  }
  return onSource;
}
