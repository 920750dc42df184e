/**
 * Camera choice (issue 14) on a device with two cameras. The file-backed fake webcam of the other
 * specs is always a single device, so this spec launches its own Chromium with the built-in fake
 * camera (a test pattern, no face) made twice: `--use-fake-device-for-media-stream=device-count=2`.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './support/browser.ts';
import { expect, test } from './support/fixtures.ts';

const CAMERA_CHOICE_KEY = 'emotion-lens:camera';

let browser: Browser;
test.beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream=device-count=2',
    ],
  });
});
test.afterAll(() => browser.close());

/** Counts the camera tracks still live, so a switch that leaks the old stream shows. */
const trackLiveTracks = () => {
  if (!navigator.mediaDevices) return; // about:blank has no cameras
  const streams: MediaStream[] = [];
  const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const stream = await ask(c);
    streams.push(stream);
    return stream;
  };
  (window as unknown as { liveCameras: () => string[] }).liveCameras = () =>
    streams.flatMap((s) =>
      s
        .getVideoTracks()
        .filter((t) => t.readyState === 'live')
        .map((t) => t.getSettings().deviceId ?? ''),
    );
};
const liveCameras = (page: Page) =>
  page.evaluate(() => (window as unknown as { liveCameras: () => string[] }).liveCameras());

test('two cameras: the reader switches, the old camera stops, the choice is remembered', async ({
  guard,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // MediaPipe's face detector (the pixel grid looks for a face) logs this line on start.
  guard.allowConsoleError(/^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/);
  const context = await browser.newContext({ baseURL, permissions: ['camera'] });
  await guard.watch(context);
  await context.addInitScript(trackLiveTracks);
  const page = await context.newPage();
  await page.goto('/embed/pixel-grid/');
  const choice = page.getByRole('combobox', { name: 'Camera', exact: true });

  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  // Labels appear once the camera is allowed; the list is refreshed after the first stream.
  await expect(choice.locator('option')).toHaveText([/fake/i, /fake/i]);
  const ids = await choice
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const first = (await liveCameras(page))[0]!;
  expect(await choice.inputValue()).toBe(first);
  const other = ids.find((id) => id !== first)!;

  // A native select: the keyboard works as everywhere else.
  await choice.focus();
  await choice.selectOption(other);
  await expect(page.locator('[data-fs="info"]')).toHaveText(/^Switched to .*fake.*\.$/i);
  await expect.poll(() => liveCameras(page)).toEqual([other]);
  expect(await page.evaluate((k) => localStorage.getItem(k), CAMERA_CHOICE_KEY)).toBe(other);

  // Remembered on this device: the next visit starts on the chosen camera.
  await page.reload();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect.poll(() => liveCameras(page)).toEqual([other]);
  await expect(choice).toHaveValue(other);

  // A remembered camera that is gone: the default camera instead, no error.
  await page.evaluate((k) => localStorage.setItem(k, 'unplugged-camera'), CAMERA_CHOICE_KEY);
  await page.reload();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect.poll(async () => (await liveCameras(page)).length).toBe(1);
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  await context.close();
});
