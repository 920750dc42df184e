/**
 * The CNN anatomy diagram (lesson 4) in Debian's Chromium against the built site:
 *  - nothing is fetched until the reader scrolls to it; then it draws every layer of the shipped
 *    model from dist/models/emotion-cnn/model.json, with the same shapes and parameter counts;
 *  - keyboard only: Tab into the layers, the arrow keys, Home and End open each layer's explanation;
 *  - the text alternative (the table) holds every layer's figures;
 *  - axe with the widget open (light and dark), and 360 px wide without sideways scrolling.
 * The `guard` fixture fails a test on any request that leaves the machine, CSP violation or error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelJson } from '../../src/lib/ml/model-json.ts';
import { readModelJson } from '../../src/lib/ml/node-io.ts';
import { expect, test } from './support/fixtures.ts';
import { axeInBothThemes, openWidget, tabTo } from './support/page-utils.ts';
import { DIST } from './support/pages.ts';

const LESSON = '/lessons/stacking-layers/';
const arch = parseModelJson(readModelJson(join(DIST, 'models/emotion-cnn')));
const n = (x: number) => x.toLocaleString('en-GB');

test('loads nothing until the reader gets there', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(LESSON);
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((p) => p.startsWith('/models/'))).toEqual([]);
  await expect(page.locator('cnn-anatomy [data-status]')).toContainText(
    'appears when you scroll here',
  );
  await page.locator('cnn-anatomy').scrollIntoViewIfNeeded();
  await expect(page.locator('cnn-anatomy')).toHaveAttribute('data-ready', 'true');
  expect(fetched).toContain('/models/emotion-cnn/model.json');
  expect(
    fetched.some((p) => p.endsWith('.bin')),
    'the weights are not needed for the diagram',
  ).toBe(false);
});

test('draws every layer of the shipped model with its real shape and weight count', async ({
  page,
}) => {
  const w = await openWidget(page, LESSON, 'cnn-anatomy');
  const layers = w.locator('.an-layer');
  await expect(layers).toHaveCount(arch.layers.length + 1); // + the input
  await expect(w.locator('.an-totals')).toContainText(`${arch.layers.length} layers`);
  await expect(w.locator('.an-totals')).toContainText(
    `${n(arch.totalParameters)} numbers learned in training`,
  );
  await expect(layers.first()).toContainText(`${arch.input[0]} × ${arch.input[1]}`);
  const names = await layers.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.layer));
  expect(names.slice(1)).toEqual(arch.layers.map((l) => l.name));
  const texts = await layers.allTextContents();
  arch.layers.forEach((layer, i) => {
    expect(texts[i + 1]).toContain(
      layer.parameters ? `${n(layer.parameters)} weights` : 'no weights',
    );
    const shape = layer.outputShape!;
    expect(texts[i + 1]).toContain(
      shape.length === 3 ? `each ${shape[0]} × ${shape[1]}` : `${n(shape[0])}`,
    );
  });

  // The text alternative: a table with every layer, its output shape and weights, and the total.
  await w.getByText('Show every layer as a table').click();
  const table = w.locator('table.an-table');
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(arch.layers.length + 1);
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent)),
  );
  arch.layers.forEach((layer, i) => {
    expect(cells[i + 1][0]).toBe(layer.name);
    expect(cells[i + 1][2]).toBe(layer.outputShape!.join(' × '));
    expect(cells[i + 1][3]).toBe(n(layer.parameters));
  });
  await expect(table.locator('tfoot')).toContainText(n(arch.totalParameters));
  // The link to the live feature maps, on the same page in lesson 4.
  await expect(w.getByRole('link', { name: /filter layers at work/ })).toHaveAttribute(
    'href',
    '#layer-maps',
  );
  await expect(page.locator('#layer-maps feature-maps[standalone]')).toHaveCount(1);
});

test('keyboard: Tab into the layers, arrows, Home and End open each explanation', async ({
  page,
}) => {
  const w = await openWidget(page, LESSON, 'cnn-anatomy');
  const layers = w.locator('.an-layer');
  await page.locator('#cnn-anatomy-title').scrollIntoViewIfNeeded();
  await page.locator('#cnn-anatomy-title').evaluate((el) => {
    // Start tabbing from just before the widget.
    (el as HTMLElement).tabIndex = -1;
    (el as HTMLElement).focus();
  });
  await tabTo(page, layers.first());
  await expect(layers.first()).toHaveAttribute('aria-expanded', 'true');
  await expect(w.locator('#anatomy-detail-0')).toBeVisible();
  await expect(w.locator('#anatomy-detail-0')).toContainText('pixels');

  await page.keyboard.press('ArrowDown');
  await expect(layers.nth(1)).toBeFocused();
  await expect(layers.nth(1)).toHaveAttribute('aria-expanded', 'true');
  await expect(layers.first()).toHaveAttribute('aria-expanded', 'false');
  const firstConv = arch.layers[0];
  await expect(w.locator('#anatomy-detail-1')).toContainText(
    `${firstConv.outputShape![2]} small filters`,
  );
  await expect(w.locator('#anatomy-detail-1')).toContainText(
    `${n(firstConv.parameters)} numbers learned in training`,
  );
  await expect(w.locator('#anatomy-detail-1')).toContainText(`stride of ${firstConv.strides![0]}`);
  await expect(w.locator('#anatomy-detail-1').getByRole('link', { name: 'ReLU' })).toHaveAttribute(
    'href',
    '/glossary/#relu',
  );
  await expect(
    w.locator('#anatomy-detail-1').getByRole('link', { name: /filters of this layer as pictures/ }),
  ).toHaveAttribute('href', '#first-layer-filters');
  await expect(
    w.locator('#anatomy-detail-1').getByRole('link', { name: 'the feature maps on this page' }),
  ).toHaveAttribute('href', '#layer-maps');

  await page.keyboard.press('End');
  const last = layers.nth(arch.layers.length);
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-expanded', 'true');
  await expect(w.locator(`#anatomy-detail-${arch.layers.length}`)).toContainText('emotion');
  await expect(
    w.locator(`#anatomy-detail-${arch.layers.length}`).getByRole('link', { name: 'softmax' }),
  ).toHaveAttribute('href', '/glossary/#softmax');

  await page.keyboard.press('Home');
  await expect(layers.first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(layers.first()).toBeFocused();

  // Mouse and touch too: a click opens a layer.
  await layers.nth(2).click();
  await expect(layers.nth(2)).toHaveAttribute('aria-expanded', 'true');
  await expect(w.locator('#anatomy-detail-2')).toBeVisible();
});

test('axe: lesson 4 with the diagram open, in the light and the dark theme', async ({ page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ colorScheme: 'light' });
  const w = await openWidget(page, LESSON, 'cnn-anatomy');
  await w.locator('.an-layer').nth(1).click();
  await w.getByText('Show every layer as a table').click();
  expect(await axeInBothThemes(page)).toEqual([]);
});

test('360 px wide: the diagram fits without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const w = await openWidget(page, LESSON, 'cnn-anatomy');
  await w.locator('.an-layer').nth(1).click();
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
  const box = (await w.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(360);
});
