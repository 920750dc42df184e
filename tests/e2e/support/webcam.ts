/**
 * A fake webcam for end-to-end tests of the camera widgets.
 *
 * Chromium can play a .y4m video file as if it were a camera. We make that clip at test time with
 * ffmpeg from a photo that ships inside an npm package (never a FER2013 image), so nothing large or
 * personal is committed. Usage in a spec:
 *
 *   import { test, expect } from './support/fixtures.ts';
 *   test('demo reads my face', async ({ webcamPage }) => {
 *     await webcamPage.goto('/lessons/can-a-computer-read-a-face/#demo');
 *     ...
 *   });
 *
 * or, by hand: `const clip = makeFakeWebcamClip(); const browser = await launchWithFakeWebcam(clip);`
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts';

/** A frontal face photo from the @vladmandic/face-api package's demo folder. */
export const SAMPLE_FACE_IMAGE = resolve('node_modules/@vladmandic/face-api/demo/sample1.jpg');

/** A region of SAMPLE_FACE_IMAGE (1920 × 1280, three people) that holds just one face, centred. */
export const SINGLE_FACE_CROP = { x: 650, y: 250, width: 640, height: 480 } as const;

export const CLIP_DIR = resolve('test-results/.fake-webcam');

export interface ClipOptions {
  /** Source image; defaults to SAMPLE_FACE_IMAGE. */
  image?: string;
  /** Length of the clip in seconds (Chromium loops it). */
  seconds?: number;
  width?: number;
  height?: number;
  /** Frames per second of the clip. */
  fps?: number;
  /** Cut this region out of the image first (e.g. SINGLE_FACE_CROP for a one-face clip). */
  crop?: { x: number; y: number; width: number; height: number };
}

/** Make (or reuse) a y4m clip that shows `image` still, scaled to width × height. Returns its path. */
export function makeFakeWebcamClip(opts: ClipOptions = {}): string {
  const image = resolve(opts.image ?? SAMPLE_FACE_IMAGE);
  const { seconds = 2, width = 640, height = 480, fps = 15, crop } = opts;
  if (!existsSync(image)) throw new Error(`fake webcam: image not found: ${image}`);
  if (/(^|[/\\])(Training|PublicTest|PrivateTest)_\d+\./.test(image) || /fer2013/i.test(image)) {
    throw new Error('fake webcam: FER2013 images must not be used in tests');
  }
  mkdirSync(CLIP_DIR, { recursive: true });
  const cropTag = crop ? `-crop${crop.x}_${crop.y}_${crop.width}_${crop.height}` : '';
  const name = `${basename(image, extname(image))}${cropTag}-${width}x${height}-${seconds}s-${fps}fps.y4m`;
  const cropFilter = crop ? `crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},` : '';
  const out = join(CLIP_DIR, name);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(image).mtimeMs && statSync(out).size > 0)
    return out;
  const tmp = `${out}.${process.pid}.tmp`;
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      image,
      '-t',
      String(seconds),
      '-r',
      String(fps),
      '-pix_fmt',
      'yuv420p',
      // Fit inside the frame without stretching, then pad to the exact size.
      '-vf',
      `${cropFilter}scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2`,
      '-f',
      'yuv4mpegpipe',
      tmp,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  renameSync(tmp, out); // atomic: parallel test workers never see a half-written clip
  return out;
}

/** Chromium flags that replace the camera with `clip` and grant camera access without a prompt. */
export function fakeWebcamArgs(clip: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
  ];
}

/** Launch Debian's Chromium with the fake webcam playing `clip` (default: the sample face). */
export function launchWithFakeWebcam(
  clip: string = makeFakeWebcamClip(),
  extra: LaunchOptions = {},
): Promise<Browser> {
  return chromium.launch({
    ...extra,
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...fakeWebcamArgs(clip), ...(extra.args ?? [])],
  });
}
