/**
 * The site's face detector, driven from Node: MediaPipe tasks-vision's FaceDetector through
 * src/lib/vision/face-detector.ts, in Debian's headless Chromium (playwright-core), loading the wasm
 * and the model that scripts/prepare-assets.ts put in public/vendor/mediapipe. Frames are sent in
 * as pixels (page.evaluate) and drawn 1:1 onto a canvas, so Node knows exactly what the detector saw.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/e2e/support/browser.ts';
import { bundleForBrowser } from '../../tests/e2e/support/browser-bundle.ts';
import { startStaticServer } from '../../tests/e2e/support/static-server.ts';
import type { DetectorRange } from '../../src/lib/vision/face-detector.ts';
import type { DetectedFace } from '../../src/lib/vision/types.ts';
import type { FaceFrame, FrameLayout } from './detector-page-entry.ts';

export type { FaceFrame, FrameLayout };

const PAGE = '/__detector__/index.html';
const BUNDLE = '/__detector__/entry.js';

export interface DetectorPage {
  detect(frames: FaceFrame[], layout: FrameLayout): Promise<DetectedFace[][]>;
  close(): Promise<void>;
}

/** Serves public/ (the detector's wasm and model) and opens a blank page with the detector loaded. */
export async function openDetectorPage(
  range: DetectorRange = 'short',
  minConfidence?: number,
  publicDir = 'public',
): Promise<DetectorPage> {
  const root = resolve(publicDir);
  if (!existsSync(join(root, 'vendor/mediapipe/wasm')))
    throw new Error(`${root}/vendor/mediapipe not found: run npm run prepare:assets first`);
  const bundle = await bundleForBrowser(
    new URL('./detector-page-entry.ts', import.meta.url).pathname,
  );
  const server: Server = await startStaticServer({ root });
  const { port } = server.address() as { port: number };
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    const page: Page = await browser.newPage();
    await page.route(`**${PAGE}`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script type="module" src="${BUNDLE}"></script>`,
      }),
    );
    await page.route(`**${BUNDLE}`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: bundle }),
    );
    await page.goto(`http://127.0.0.1:${port}${PAGE}`);
    await page.waitForFunction(() => '__detectorPage' in window);
    await page.evaluate(([r, base, min]) => window.__detectorPage.start(r, base, min), [
      range,
      '/vendor/mediapipe',
      minConfidence,
    ] as const);
    const opened = browser;
    return {
      detect: (frames, layout) =>
        page.evaluate(([f, l]) => window.__detectorPage.detect(f, l), [frames, layout] as const),
      async close() {
        await opened.close();
        server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}
