/**
 * The feature-maps widget on its own (<FeatureMaps standalone />, with its own picture picker), on
 * every built page that has one (lesson 4 and its embed page, once they use it). Inside the live demo
 * it is tested by live-demo.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect as baseExpect, test } from './support/fixtures.ts';
import { builtPages, DIST } from './support/pages.ts';
import {
  canvasVariety,
  MEDIAPIPE_INFO,
  PIPELINE_TIMEOUT,
  DEMO_TEST_TIMEOUT,
} from './live-demo-support.ts';

/** Waits that depend on the pipeline get more time on a busy machine. */
const expect = baseExpect.configure({ timeout: 30_000 });

test.describe.configure({ timeout: DEMO_TEST_TIMEOUT });

const pages = builtPages().filter((p) => {
  const file = p === '/404.html' ? join(DIST, '404.html') : join(DIST, p, 'index.html');
  return /<feature-maps[^>]*\sstandalone/.test(readFileSync(file, 'utf8'));
});

if (pages.length === 0) {
  test('standalone feature maps', () => {
    test.skip(true, 'no built page uses <FeatureMaps standalone /> yet');
  });
}

for (const path of pages) {
  test(`standalone feature maps on ${path}: a sample photo, then the webcam`, async ({
    webcamPage: page,
    guard,
  }) => {
    guard.allowConsoleError(MEDIAPIPE_INFO);
    await page.goto(path);
    const widget = page.locator('feature-maps[standalone]').first();
    await widget.scrollIntoViewIfNeeded();
    await widget.getByRole('button', { name: 'Use a sample photo' }).click();
    await widget.locator('[data-sample-url]').nth(1).click();
    const layers = widget.locator('.fm-layer');
    await expect(layers.first()).toBeVisible({ timeout: PIPELINE_TIMEOUT });
    const count = await layers.count();
    expect(count).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < count; i++)
      expect(await canvasVariety(layers.nth(i).locator('canvas'))).toBeGreaterThan(4);
    expect(await canvasVariety(widget.locator('[data-fm="crop"]'))).toBeGreaterThan(20);
    await layers.nth(1).locator('.fm-cell').nth(3).click();
    await expect(widget.locator('.fm-detail-caption')).toHaveText(/layer 2 \(\w+\), map 4 of/);

    // Live: the maps keep changing with the camera.
    await widget.getByRole('button', { name: 'Start camera' }).click();
    const snapshot = () =>
      layers
        .first()
        .locator('canvas')
        .evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const a = await snapshot();
    // A camera's first frame can wait on a busy machine (it failed once at 20 s in CI, never idle,
    // where it takes about 1 s): allow the pipeline's time, and say what the widget showed if not.
    await expect
      .poll(snapshot, {
        timeout: PIPELINE_TIMEOUT,
        message: 'the maps did not change after the camera started',
      })
      .not.toBe(a)
      .catch(async (e: Error) => {
        throw new Error(
          `${e.message}\nwidget text: ${(await widget.innerText()).replace(/\s+/g, ' ').slice(0, 400)}`,
        );
      });
  });
}

test('lesson 4: every feature-visualisation picture loads, at the model’s input size', async ({
  page,
}) => {
  const index = JSON.parse(readFileSync(join(DIST, 'data/feature-vis/index.json'), 'utf8'));
  await page.goto('/lessons/stacking-layers/#feature-vis');
  const images = page.locator('#feature-vis img');
  await expect(images).toHaveCount(
    index.layers.reduce((n: number, l: { images: unknown[] }) => n + l.images.length, 0) +
      index.scores.length,
  );
  for (const img of await images.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBe(index.size);
    await expect(img).toHaveAttribute('alt', /^Made for /);
  }
});
