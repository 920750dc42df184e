/** Shared steps of the live demo's browser tests (live-demo*.spec.ts, feature-maps*.spec.ts). */
import type { Locator, Page } from '@playwright/test';
import type { DemoStats as Stats } from '../../src/widgets/live-demo/demo-app.ts';
import { expect, type Guard } from './support/fixtures.ts';

export const LESSON_1 = '/lessons/can-a-computer-read-a-face/';

/**
 * How long to wait for anything that needs the pipeline loaded (about 16 MB to download and compile:
 * a few seconds normally, much longer on a busy two-core machine running other test workers).
 */
export const PIPELINE_TIMEOUT = 90_000;

/** Per-test timeout for the demo's tests (each loads the pipeline at least once). */
export const DEMO_TEST_TIMEOUT = 240_000;

/**
 * MediaPipe's wasm prints this through console.error every time a face detector starts (and the
 * Graph messages through console.log/warn). Harmless.
 */
export const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;

/** Opens lesson 1 at the demo. */
export async function openDemo(page: Page, guard: Guard, path = LESSON_1): Promise<Locator> {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto(`${path}#demo`);
  const demo = page.locator('live-demo');
  await expect(demo).toBeVisible();
  return demo;
}

export function stats(page: Page): Promise<Stats | null> {
  return page.evaluate(
    () =>
      (
        document.querySelector('live-demo') as unknown as { stats(): unknown } | null
      )?.stats() as never,
  );
}

/** Waits until the demo has made a prediction (with at least `faces` faces), and returns its stats. */
export async function waitForPrediction(
  page: Page,
  faces = 1,
  timeout = PIPELINE_TIMEOUT,
): Promise<Stats> {
  await page.waitForFunction(
    (n) => {
      const s = (
        document.querySelector('live-demo') as unknown as {
          stats(): { frames: number; faces: number } | null;
        } | null
      )?.stats();
      return !!s && s.frames > 0 && s.faces >= n;
    },
    faces,
    { timeout },
  );
  return (await stats(page))!;
}

/** Picks the first bundled sample photo with the mouse. */
export async function useSample(demo: Locator, index = 0): Promise<void> {
  const toggle = demo.locator('[data-fs="samples-toggle"]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await demo.locator('[data-sample-url]').nth(index).click();
}

/** How many different grey levels a canvas holds (a blank canvas has one). */
export function canvasVariety(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4)
      seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}
