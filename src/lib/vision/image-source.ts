/**
 * A still photo as a frame source: a bundled sample, an uploaded file, a dropped file or a pasted
 * image. The file is checked before it is decoded (empty, not an image, SVG, too large), and a huge
 * photo (say 8000×8000) is scaled down while it is decoded, so it never sits in memory at full size.
 * Failures are ImageInputErrors with reader-facing messages (errors.ts).
 */
import { bytes } from '../format.ts';
import { ImageInputError } from './errors.ts';
import { visionText } from './text.ts';
import type { FrameSource } from './types.ts';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'ico' | 'svg';

export interface StillImageOptions {
  /** Longest side after decoding, in pixels (default 1280): bigger photos are scaled down. */
  maxSide?: number;
  /** Largest file accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** Largest image accepted, in pixels before scaling (default 120 million, e.g. 11000×11000). */
  maxPixels?: number;
  /** A name to show (defaults to the file name or URL). */
  name?: string;
  signal?: AbortSignal;
}

export interface StillImageSource extends FrameSource {
  readonly kind: 'image';
  readonly element: ImageBitmap | HTMLCanvasElement;
  readonly name: string;
  readonly format: ImageFormat;
  /** Size of the file's image before any scaling. */
  readonly originalWidth: number;
  readonly originalHeight: number;
  /** True when the image was scaled down to fit `maxSide`. */
  readonly downscaled: boolean;
}

export const DEFAULT_MAX_SIDE = 1280;
export const DEFAULT_MAX_BYTES = 50e6;
export const DEFAULT_MAX_PIXELS = 120_000_000;
/** How much of the file is read to recognise it and find its size (JPEG EXIF can be 64 KB). */
const HEAD_BYTES = 256 * 1024;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, to));

/** Recognises an image format from the first bytes of a file (never from its name). */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26) return 'bmp';
  if (ascii(head, 4, 8) === 'ftyp' && /^(avif|avis)$/.test(ascii(head, 8, 12))) return 'avif';
  if (startsWith(head, [0, 0, 1, 0]) && head.length > 6 && head[4]! > 0) return 'ico';
  // SVG is text: skip a BOM and whitespace, then look for <svg, or an XML/doctype prologue naming svg.
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^<svg[\s>]/i.test(text)) return 'svg';
  if (/^<(\?xml|!doctype|!--)/i.test(text) && /<svg[\s>]/i.test(text)) return 'svg';
  return null;
}

/**
 * Pixel size stored in the header of a JPEG, PNG, GIF, WebP or BMP file, without decoding it.
 * For JPEG this is before EXIF rotation (see `jpegOrientation`). Null when not found in `head`.
 */
export function imageHeaderSize(head: Uint8Array): { width: number; height: number } | null {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const fmt = sniffImageFormat(head);
  try {
    switch (fmt) {
      case 'png':
        return ascii(head, 12, 16) === 'IHDR'
          ? { width: dv.getUint32(16), height: dv.getUint32(20) }
          : null;
      case 'gif':
        return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
      case 'bmp':
        return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
      case 'webp': {
        const chunk = ascii(head, 12, 16);
        if (chunk === 'VP8X')
          return {
            width: 1 + (dv.getUint32(24, true) & 0xffffff),
            height: 1 + (dv.getUint32(27, true) & 0xffffff),
          };
        if (chunk === 'VP8 ')
          return {
            width: dv.getUint16(26, true) & 0x3fff,
            height: dv.getUint16(28, true) & 0x3fff,
          };
        if (chunk === 'VP8L') {
          const bits = dv.getUint32(21, true);
          return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
        }
        return null;
      }
      case 'jpeg': {
        let i = 2;
        while (i + 9 < head.length) {
          if (head[i] !== 0xff) return null;
          const marker = head[i + 1]!;
          if (marker === 0xff) {
            i++; // fill byte
            continue;
          }
          if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
            i += 2;
            continue;
          }
          const len = dv.getUint16(i + 2);
          // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
          if (
            marker >= 0xc0 &&
            marker <= 0xcf &&
            marker !== 0xc4 &&
            marker !== 0xc8 &&
            marker !== 0xcc
          ) {
            return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
          }
          if (marker === 0xda || len < 2) return null; // start of scan: no size before it
          i += 2 + len;
        }
        return null;
      }
      default:
        return null;
    }
  } catch {
    return null; // header cut short
  }
}

/** EXIF orientation (1–8) of a JPEG, 1 when absent. 5–8 mean width and height are swapped on screen. */
export function jpegOrientation(head: Uint8Array): number {
  if (sniffImageFormat(head) !== 'jpeg') return 1;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  try {
    let i = 2;
    while (i + 4 < head.length && head[i] === 0xff) {
      const marker = head[i + 1]!;
      const len = dv.getUint16(i + 2);
      if (marker === 0xda) break;
      if (marker === 0xe1 && ascii(head, i + 4, i + 10) === 'Exif\0\0') {
        const tiff = i + 10;
        const le = ascii(head, tiff, tiff + 2) === 'II';
        const ifd = tiff + dv.getUint32(tiff + 4, le);
        const entries = dv.getUint16(ifd, le);
        for (let e = 0; e < entries; e++) {
          const p = ifd + 2 + 12 * e;
          if (dv.getUint16(p, le) === 0x0112) {
            const o = dv.getUint16(p + 8, le);
            return o >= 1 && o <= 8 ? o : 1;
          }
        }
        return 1;
      }
      i += 2 + len;
    }
  } catch {
    // header cut short
  }
  return 1;
}

/** Size that fits within `maxSide` (never enlarged), keeping the aspect ratio. */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scale,
  };
}

export interface FileFacts {
  size: number;
  /** MIME type the browser gave the file ("" when unknown). */
  type?: string;
  name?: string;
}

/**
 * Checks a file before decoding it, from its size, declared type and first bytes. Returns its format,
 * or throws ImageInputError: "empty", "svg", "not-an-image", "too-large".
 */
export function checkImageFile(
  file: FileFacts,
  head: Uint8Array,
  opts: Pick<StillImageOptions, 'maxBytes' | 'maxPixels'> = {},
): ImageFormat {
  if (file.size === 0) throw new ImageInputError('empty');
  const format = sniffImageFormat(head);
  const looksSvg =
    format === 'svg' || /svg/i.test(file.type ?? '') || /\.svgz?$/i.test(file.name ?? '');
  if (looksSvg) throw new ImageInputError('svg');
  if (!format) throw new ImageInputError('not-an-image');
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (file.size > maxBytes) {
    throw new ImageInputError('too-large', {
      message: visionText('image.tooLargeFile', { size: bytes(file.size), limit: bytes(maxBytes) }),
    });
  }
  const size = imageHeaderSize(head);
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (size && size.width * size.height > maxPixels) {
    throw new ImageInputError('too-large', {
      message: visionText('image.tooManyPixels', { width: size.width, height: size.height }),
    });
  }
  if (size && (size.width === 0 || size.height === 0)) throw new ImageInputError('decode-failed');
  return format;
}

/** The minimal shape of a DataTransfer (drop) or ClipboardEvent.clipboardData (paste). */
export interface TransferLike {
  files?: ArrayLike<File> | null;
  items?: ArrayLike<{ kind: string; type: string; getAsFile(): File | null }> | null;
}

/**
 * The file to load from a drop or a paste: the first image file, else the first file of any kind (so
 * that the reader gets a clear "not an image" message), else null (e.g. only text was pasted).
 */
export function fileFromTransfer(dt: TransferLike | null | undefined): File | null {
  if (!dt) return null;
  const files: File[] = Array.from(dt.files ?? []);
  if (files.length === 0 && dt.items) {
    for (const item of Array.from(dt.items)) {
      if (item.kind === 'file') {
        const f = item.getAsFile();
        if (f) files.push(f);
      }
    }
  }
  return files.find((f) => f.type.startsWith('image/')) ?? files[0] ?? null;
}

function abortIf(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

async function fetchImageBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    abortIf(signal);
    throw new ImageInputError('fetch-failed', { cause: e });
  }
  if (!res.ok)
    throw new ImageInputError('fetch-failed', {
      message: visionText('image.fetchFailedStatus', { status: res.status }),
    });
  return res.blob();
}

/** Decodes with the browser, scaled to `target` while decoding when possible. */
async function decode(
  blob: Blob,
  target: { width: number; height: number } | null,
): Promise<ImageBitmap> {
  if (typeof createImageBitmap !== 'function')
    throw new ImageInputError('decode-failed', {
      message: visionText('image.cannotOpenImages'),
    });
  try {
    return target
      ? await createImageBitmap(blob, {
          resizeWidth: target.width,
          resizeHeight: target.height,
          resizeQuality: 'high',
        })
      : await createImageBitmap(blob);
  } catch (e) {
    throw new ImageInputError('decode-failed', { cause: e });
  }
}

/** Scales a decoded bitmap down (used when the size was not known before decoding). */
async function shrink(bitmap: ImageBitmap, maxSide: number): Promise<ImageBitmap> {
  const fit = fitWithin(bitmap.width, bitmap.height, maxSide);
  if (fit.scale >= 1) return bitmap;
  try {
    return await createImageBitmap(bitmap, {
      resizeWidth: fit.width,
      resizeHeight: fit.height,
      resizeQuality: 'high',
    });
  } finally {
    bitmap.close();
  }
}

/**
 * Loads a still image from a File/Blob (upload, drop, paste) or a URL (sample photo). Throws
 * ImageInputError.
 */
export async function loadStillImage(
  input: Blob | string,
  options: StillImageOptions = {},
): Promise<StillImageSource> {
  const { signal } = options;
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  const blob = typeof input === 'string' ? await fetchImageBlob(input, signal) : input;
  abortIf(signal);
  const name =
    options.name ??
    (typeof input === 'string'
      ? (input.split('/').pop() ?? input)
      : ((input as File).name ?? 'image'));
  const head = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const format = checkImageFile({ size: blob.size, type: blob.type, name }, head, options);

  const header = imageHeaderSize(head);
  const orientation = jpegOrientation(head);
  let bitmap: ImageBitmap;
  if (header && orientation === 1) {
    const fit = fitWithin(header.width, header.height, maxSide);
    bitmap = await decode(blob, fit.scale < 1 ? fit : null);
    // Guard against a header that lied about the size.
    if (Math.max(bitmap.width, bitmap.height) > maxSide) bitmap = await shrink(bitmap, maxSide);
  } else {
    bitmap = await shrink(await decode(blob, null), maxSide);
  }
  if (signal?.aborted) {
    bitmap.close();
    abortIf(signal);
  }
  const swapped = orientation >= 5;
  const originalWidth = header ? (swapped ? header.height : header.width) : bitmap.width;
  const originalHeight = header ? (swapped ? header.width : header.height) : bitmap.height;
  let closed = false;
  return {
    kind: 'image',
    element: bitmap,
    name,
    format,
    width: bitmap.width,
    height: bitmap.height,
    originalWidth,
    originalHeight,
    downscaled: bitmap.width < originalWidth || bitmap.height < originalHeight,
    mirrored: false,
    live: false,
    stop() {
      if (closed) return;
      closed = true;
      bitmap.close();
    },
  };
}

/** One entry of public/vendor/samples/samples.json (written by scripts/prepare-assets.ts). */
export interface SamplePhoto {
  file: string;
  url: string;
  description: string;
  license: string;
  width: number;
  height: number;
}

export interface SampleManifest {
  source: {
    package: string;
    version: string;
    license: string;
    licenseUrl: string;
    homepage: string;
    copyright: string;
  };
  samples: SamplePhoto[];
}

/** The sample photos bundled with the site, with their attribution. */
export async function loadSampleManifest(base = '/vendor/samples'): Promise<SampleManifest> {
  const res = await fetch(`${base}/samples.json`);
  if (!res.ok)
    throw new ImageInputError('fetch-failed', {
      message: visionText('image.samplesFailedStatus', { status: res.status }),
    });
  const manifest = (await res.json()) as SampleManifest;
  // URLs in the manifest are site-absolute; rebase them when the site is served from a sub-path.
  if (base !== '/vendor/samples') {
    manifest.samples = manifest.samples.map((s) => ({ ...s, url: `${base}/${s.file}` }));
  }
  return manifest;
}
