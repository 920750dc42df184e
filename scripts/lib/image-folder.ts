/**
 * Reads a dataset laid out as <root>/<split>/<class>/*.jpg|png (FER2013 from Kaggle
 * has this layout) through the same preprocessing the browser uses. Folder
 * problems throw a DatasetError; unreadable files are skipped and counted.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ModelInputSpec } from '../../src/lib/ml/model-card.ts';
import { toModelInput, type Pixels } from '../../src/lib/ml/preprocess.ts';

export class DatasetError extends Error {}

export interface LabelledFile {
  path: string;
  label: number;
}

export interface FolderListing {
  files: LabelledFile[];
  skipped: { path: string; reason: string }[];
}

const IMAGE = /\.(jpe?g|png|bmp|gif|webp)$/i;

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export async function listSplit(
  root: string,
  split: string,
  labels: string[],
): Promise<FolderListing> {
  const splitDir = join(root, split);
  if (!(await isDirectory(root))) throw new DatasetError(`Data folder not found: ${root}`);
  if (!(await isDirectory(splitDir)))
    throw new DatasetError(
      `Split folder not found: ${splitDir} (expected ${root}/${split}/<class>/*.jpg)`,
    );
  const entries = await readdir(splitDir, { withFileTypes: true });
  const found = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const unknown = found.filter((name) => !labels.includes(name));
  if (unknown.length)
    throw new DatasetError(
      `Unknown class folder(s) in ${splitDir}: ${unknown.join(', ')}; expected only ${labels.join(', ')}`,
    );
  const missing = labels.filter((label) => !found.includes(label));
  if (missing.length)
    throw new DatasetError(`Missing class folder(s) in ${splitDir}: ${missing.join(', ')}`);

  const listing: FolderListing = { files: [], skipped: [] };
  for (const [label, name] of labels.entries()) {
    const classDir = join(splitDir, name);
    const names = (await readdir(classDir)).filter((n) => !n.startsWith('.')).sort();
    const images = names.filter((n) => IMAGE.test(n));
    for (const other of names.filter((n) => !IMAGE.test(n)))
      listing.skipped.push({ path: join(classDir, other), reason: 'not an image file extension' });
    if (!images.length) throw new DatasetError(`Class folder has no images: ${classDir}`);
    listing.files.push(...images.map((n) => ({ path: join(classDir, n), label })));
  }
  return listing;
}

/** Decodes any image sharp reads into pixels as stored (gray, RGB or RGBA). */
export async function decodeImage(path: string): Promise<Pixels> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3 && info.channels !== 4) {
    const rgb = await sharp(path)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: rgb.data, width: rgb.info.width, height: rgb.info.height, channels: 3 };
  }
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Model inputs for a list of files; files sharp cannot read are reported, not dropped silently. */
export async function loadInputs(
  files: LabelledFile[],
  spec: ModelInputSpec,
  skipped: FolderListing['skipped'],
): Promise<{ inputs: Float32Array[]; labels: number[] }> {
  const inputs: Float32Array[] = [];
  const labels: number[] = [];
  for (const file of files) {
    try {
      inputs.push(toModelInput(await decodeImage(file.path), null, spec));
      labels.push(file.label);
    } catch (error) {
      skipped.push({ path: file.path, reason: `unreadable image: ${(error as Error).message}` });
    }
  }
  return { inputs, labels };
}
