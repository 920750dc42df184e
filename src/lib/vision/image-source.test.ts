import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  checkImageFile,
  fileFromTransfer,
  fitWithin,
  imageHeaderSize,
  jpegOrientation,
  sniffImageFormat,
} from './image-source.ts';
import { ImageInputError } from './errors.ts';

const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const text = (s: string) => new TextEncoder().encode(s);

async function encode(
  format: 'jpeg' | 'png' | 'webp' | 'gif',
  width: number,
  height: number,
  opts: { lossless?: boolean; orientation?: number } = {},
) {
  let img = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } },
  });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  if (format === 'webp') img = img.webp({ lossless: opts.lossless ?? false });
  else img = img.toFormat(format);
  return u8(await img.toBuffer());
}

let big8000: Promise<Uint8Array> | undefined;
/** An 8000×8000 JPEG, made once (takes a second or two). */
const huge = () => (big8000 ??= encode('jpeg', 8000, 8000));

function expectImageError(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImageInputError);
    expect((e as ImageInputError).code).toBe(code);
    expect((e as ImageInputError).message.length).toBeGreaterThan(10);
    expect((e as ImageInputError).hint).toMatch(/sample photos/);
    return;
  }
  throw new Error(`expected ImageInputError ${code}`);
}

describe('sniffImageFormat / imageHeaderSize', () => {
  it.each([
    ['jpeg', {}],
    ['png', {}],
    ['gif', {}],
    ['webp', { lossless: false }],
    ['webp', { lossless: true }],
  ] as const)('recognises %s %o and reads its size without decoding', async (format, opts) => {
    const bytes = await encode(format, 321, 123, opts);
    expect(sniffImageFormat(bytes)).toBe(format);
    expect(imageHeaderSize(bytes)).toEqual({ width: 321, height: 123 });
  });

  it('reads the size of a huge 8000×8000 JPEG from its first bytes', async () => {
    const bytes = await huge();
    expect(imageHeaderSize(bytes.subarray(0, 64 * 1024))).toEqual({ width: 8000, height: 8000 });
  });

  it('reads the EXIF orientation of a JPEG', async () => {
    expect(jpegOrientation(await encode('jpeg', 40, 20, { orientation: 6 }))).toBe(6);
    expect(jpegOrientation(await encode('jpeg', 40, 20))).toBe(1);
    expect(jpegOrientation(await encode('png', 40, 20))).toBe(1);
  });

  it('recognises SVG in its usual spellings', () => {
    expect(sniffImageFormat(text('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe('svg');
    expect(
      sniffImageFormat(
        text('\uFEFF  <?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="1"></svg>'),
      ),
    ).toBe('svg');
    expect(sniffImageFormat(text('<!-- hi -->\n<svg>'))).toBe('svg');
  });

  it('does not take text, HTML or a truncated header for an image', () => {
    expect(sniffImageFormat(text('hello'))).toBeNull();
    expect(sniffImageFormat(text('<!doctype html><html>'))).toBeNull();
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(imageHeaderSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBeNull();
  });
});

describe('checkImageFile', () => {
  it('accepts a JPEG', async () => {
    const bytes = await encode('jpeg', 64, 48);
    expect(checkImageFile({ size: bytes.length, type: 'image/jpeg', name: 'me.jpg' }, bytes)).toBe(
      'jpeg',
    );
  });

  it('judges by content, not by name: a PNG called .jpg is fine, a text file called .jpg is not', async () => {
    const png = await encode('png', 10, 10);
    expect(checkImageFile({ size: png.length, type: 'image/jpeg', name: 'x.jpg' }, png)).toBe(
      'png',
    );
    const t = text('just some notes');
    expectImageError(
      () => checkImageFile({ size: t.length, type: 'image/jpeg', name: 'notes.jpg' }, t),
      'not-an-image',
    );
  });

  it('rejects a 0-byte file as empty', () => {
    expectImageError(
      () => checkImageFile({ size: 0, type: 'image/png', name: 'x.png' }, new Uint8Array(0)),
      'empty',
    );
  });

  it('rejects SVG by content, MIME type or name', () => {
    const svg = text("<svg xmlns='http://www.w3.org/2000/svg'/>");
    expectImageError(() => checkImageFile({ size: svg.length, type: '', name: 'a' }, svg), 'svg');
    expectImageError(
      () => checkImageFile({ size: 10, type: 'image/svg+xml', name: 'a' }, text('garbage!!!')),
      'svg',
    );
    expectImageError(
      () => checkImageFile({ size: 10, type: '', name: 'logo.SVG' }, text('garbage!!!')),
      'svg',
    );
  });

  it('rejects a PDF or a zip as not an image', () => {
    const pdf = text('%PDF-1.7\n...');
    expectImageError(
      () => checkImageFile({ size: pdf.length, type: 'application/pdf', name: 'a.pdf' }, pdf),
      'not-an-image',
    );
    const zip = new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]);
    expectImageError(
      () => checkImageFile({ size: zip.length, type: 'application/zip', name: 'a.zip' }, zip),
      'not-an-image',
    );
  });

  it('accepts 8000×8000 (it is scaled down on decode) but rejects absurd sizes', async () => {
    const big = await huge();
    expect(checkImageFile({ size: big.length, type: 'image/jpeg' }, big)).toBe('jpeg');
    expectImageError(
      () =>
        checkImageFile({ size: big.length, type: 'image/jpeg' }, big, { maxPixels: 8000 * 7999 }),
      'too-large',
    );
    expectImageError(
      () => checkImageFile({ size: 60 * 1024 * 1024, type: 'image/jpeg' }, big),
      'too-large',
    );
  });
});

describe('fitWithin', () => {
  it('scales the longest side down to the limit and never up', () => {
    expect(fitWithin(8000, 8000, 1280)).toEqual({ width: 1280, height: 1280, scale: 0.16 });
    expect(fitWithin(4000, 3000, 1000)).toEqual({ width: 1000, height: 750, scale: 0.25 });
    expect(fitWithin(300, 20000, 1000)).toMatchObject({ width: 15, height: 1000 });
    expect(fitWithin(640, 480, 1280)).toEqual({ width: 640, height: 480, scale: 1 });
    expect(fitWithin(1, 100000, 10).width).toBe(1);
  });
});

describe('fileFromTransfer (drop and paste)', () => {
  const file = (name: string, type: string) => new File([new Uint8Array([1])], name, { type });

  it('prefers the first image file', () => {
    const a = file('notes.txt', 'text/plain');
    const b = file('me.png', 'image/png');
    expect(fileFromTransfer({ files: [a, b] })).toBe(b);
  });

  it('falls back to the first file so the reader gets a clear message about it', () => {
    const a = file('notes.txt', 'text/plain');
    expect(fileFromTransfer({ files: [a] })).toBe(a);
  });

  it('reads pasted images from items when files is empty', () => {
    const img = file('image.png', 'image/png');
    const items = [
      { kind: 'string', type: 'text/html', getAsFile: () => null },
      { kind: 'file', type: 'image/png', getAsFile: () => img },
    ];
    expect(fileFromTransfer({ files: [], items })).toBe(img);
  });

  it('returns null when only text was pasted or nothing was given', () => {
    expect(
      fileFromTransfer({
        files: [],
        items: [{ kind: 'string', type: 'text/plain', getAsFile: () => null }],
      }),
    ).toBeNull();
    expect(fileFromTransfer(null)).toBeNull();
  });
});
