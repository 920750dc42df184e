/**
 * /teach/ as a teacher uses it: build an embed code, copy it, paste it into a blank page on another
 * site, and the widget works there with the chosen settings. Plus the lesson plans (a printable 45-minute
 * plan per lesson, and its student handout, checked in print media) and axe on the builder after it was used.
 */
import type { Frame, Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { embedOptions, type WidgetEmbed } from '../../src/lib/embed/widgets.ts';
import { widgetEmbed } from '../../src/widgets/embeds.ts';
import { startHost, type Host } from './embed-host.ts';
import { BASE_URL } from './support/browser.ts';
import { expect, test } from './support/fixtures.ts';
import { axeViolations } from './support/page-utils.ts';
import { builtPages } from './support/pages.ts';

const pages = builtPages();
const widgets: WidgetEmbed[] = pages
  .map((p) => /^\/embed\/([^/]+)\/$/.exec(p)?.[1])
  .filter((id): id is string => !!id)
  .map((id) => widgetEmbed(id));
const planPages = pages.filter((p) => /^\/teach\/[^/]+\/$/.test(p) && p !== '/teach/unit/');

let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host?.close();
});

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.locator('iframe').first().elementHandle();
  await handle!.scrollIntoViewIfNeeded();
  const frame = (await handle!.contentFrame())!;
  await frame.waitForLoadState('load');
  return frame;
}

test('there is a lesson plan page for every lesson', () => {
  const lessons = readdirSync('src/content/lessons')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => `/teach/${f.replace(/\.mdx$/, '/')}`);
  expect(planPages.sort()).toEqual(lessons.sort());
});

/** MediaPipe's wasm prints this harmless line through console.error when a preview loads a photo. */
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;

test('a teacher builds a code on /teach/, pastes it into a blank page on another site, and the widget works there', async ({
  page,
  context,
  guard,
}) => {
  test.setTimeout(150_000);
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // The richest widget in this build: the one with the most options.
  const w = [...widgets].sort(
    (a, b) => Object.keys(b.options).length - Object.keys(a.options).length,
  )[0]!;
  const specs = embedOptions(w);

  await page.goto('/teach/');
  await page.getByLabel('Widget', { exact: true }).selectOption(w.id);
  const fields = page.locator(`[data-widget-fields="${w.id}"]`);
  await expect(fields).toBeVisible();
  const expected: string[] = [];
  if (specs.camera) {
    await fields.getByLabel('Offer the camera').uncheck();
    expected.push('camera=off');
  }
  if (specs.photo?.type === 'choice') {
    await fields
      .getByLabel('Start with a sample photo')
      .selectOption(specs.photo.choices[2]!.value);
    expected.push(`photo=${specs.photo.choices[2]!.value}`);
  }
  let hidden: { value: string; selector?: string } | undefined;
  if (specs.hide?.type === 'set') {
    hidden = specs.hide.choices[0]!;
    await fields.getByLabel(specs.hide.choices[0]!.label).check();
    expected.push(`hide=${hidden.value}`);
  }
  // Results about the students leave the frame only when the teacher ticks it, with its sentence.
  const share = specs.share?.type === 'set' ? specs.share : undefined;
  if (share) {
    const tick = fields.getByRole('checkbox', { name: share.choices[0]!.label });
    await expect(tick).not.toBeChecked();
    await expect(fields.getByText(share.help!)).toBeVisible();
    await tick.check();
    expected.push(`share=${share.choices[0]!.value}`);
  }
  await page.getByLabel('Colours').selectOption('dark');
  expected.push('theme=dark');
  await page.getByLabel('Show the title').uncheck();
  expected.push('title=off');

  // The preview follows the settings.
  const preview = page.locator('iframe[data-builder-preview]');
  await expect
    .poll(() => preview.getAttribute('src'))
    .toBe(`/embed/${w.id}/?${expected.join('&')}`);

  // Copy the code, as a teacher would.
  await page.getByRole('button', { name: 'Copy code' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Code copied' })).toBeVisible();
  const code = await page.evaluate(() => navigator.clipboard.readText());
  expect(code).toContain(`src="${BASE_URL}/embed/${w.id}/?${expected.join('&amp;')}"`);
  expect(code).toContain(`<script src="${BASE_URL}/embed.js" async></script>`);
  expect(code.includes('allow="camera"')).toBe(false); // the camera was switched off
  // The builder's own address keeps the setup (bookmarkable), and reloading restores it.
  expect(new URL(page.url()).search).toBe(`?widget=${w.id}&${expected.join('&')}`);
  await page.reload();
  await expect(page.locator('[data-builder-code]')).toHaveValue(code);

  // Paste it into a blank page on another origin.
  await page.goto(host.page('pasted', `<h1>My class page</h1>\n${code}\n<p>After the widget.</p>`));
  const frame = await frameOf(page);
  await frame.waitForFunction((tag) => {
    const el = document.querySelector('[data-embed-widget] *');
    return !!el && (!tag || !!customElements.get(tag));
  }, w.element ?? null);
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(frame.locator('h1')).toHaveClass(/visually-hidden/);
  if (specs.camera)
    await expect(frame.getByRole('button', { name: /start camera/i })).toHaveCount(0);
  if (share && w.id === 'live-demo')
    await expect(
      frame.getByText(/The web page around this demo receives its emotion scores/),
    ).toBeVisible();
  if (hidden) {
    await page.waitForTimeout(1000);
    const selector = hidden.selector ?? `[data-control="${hidden.value}"]`;
    expect(
      await frame
        .locator(selector)
        .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length),
    ).toBe(0);
  }
  // The resize script made the frame as tall as the widget.
  await expect
    .poll(async () => {
      const content = await frame.evaluate(() =>
        Math.ceil(document.querySelector('[data-embed-page]')!.getBoundingClientRect().height),
      );
      return Math.abs(Math.round((await page.locator('iframe').boundingBox())!.height) - content);
    })
    .toBeLessThanOrEqual(1);
  await expect(page.getByText('After the widget.')).toBeVisible();
});

test('the default code of a camera widget asks for the camera, and the camera is allowed in the pasted frame', async ({
  page,
}) => {
  const w = widgets.find((x) => x.camera);
  test.skip(!w, 'no camera widget in this build');
  await page.goto('/teach/');
  await page.getByLabel('Widget', { exact: true }).selectOption(w!.id);
  const code = await page.locator('[data-builder-code]').inputValue();
  expect(code).toContain('allow="camera"');
  await page.goto(host.page('pasted-camera', code));
  const frame = await frameOf(page);
  const allowsCamera = () => {
    type Policy = { allowsFeature(f: string): boolean };
    const d = document as Document & { permissionsPolicy?: Policy; featurePolicy?: Policy };
    return (d.permissionsPolicy ?? d.featurePolicy)?.allowsFeature('camera');
  };
  expect(await frame.evaluate(allowsCamera)).toBe(true);
  await frame.waitForFunction(() => !!customElements.get('face-source'));
  await expect(frame.getByText('not allowed in this frame')).toHaveCount(0);
});

test('the builder switches widgets, resets the height to the widget’s, and passes axe after use', async ({
  page,
  guard,
}) => {
  test.setTimeout(150_000);
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto('/teach/');
  for (const w of widgets) {
    await page.getByLabel('Widget', { exact: true }).selectOption(w.id);
    await expect(page.locator(`[data-widget-fields="${w.id}"]`)).toBeVisible();
    await expect(page.locator('[data-widget-fields]:visible')).toHaveCount(1);
    await expect(page.getByLabel('Height in pixels')).toHaveValue(String(w.height));
    await expect(page.locator('[data-builder-description]')).toHaveText(w.description);
  }
  await page.getByLabel('Phone').check();
  await expect(page.locator('[data-builder-preview-box]')).toHaveAttribute('data-width', '320');
  await page.getByLabel('Height in pixels').fill('420');
  await expect(page.locator('[data-builder-code]')).toHaveValue(/height="420"/);
  await page.getByLabel('Grow to fit the widget').uncheck();
  await expect(page.locator('[data-builder-code]')).not.toHaveValue(/embed\.js/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  expect(await axeViolations(page)).toEqual([]);
});

/** A plan page as loaded: every part of a 45-minute class, the key, and a print version without the site. */
async function expectLessonPlan(page: Page) {
  await expect(page.getByRole('heading', { level: 2, name: 'Learning goals' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Agenda (45 minutes)' })).toBeVisible();
  for (const part of [
    /^1\. Hook/,
    /^2\. Guided demo/,
    /^3\. Activity: /,
    /^4\. Discussion/,
    /^5\. Exit ticket/,
    /^Age notes$/,
    /^Unplugged/,
    /^Standards$/,
  ]) {
    await expect(page.getByRole('heading', { level: 2, name: part })).toBeVisible();
  }
  const times = await page.locator('section[aria-labelledby="agenda"] .time').allTextContents();
  expect(times).toHaveLength(5);
  expect(times.at(-1)?.trim()).toMatch(/–45 min$/);
  expect(await page.getByText(/^Model answer:/).count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole('button', { name: 'Print this plan' })).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print this plan' })).toBeHidden();
  await expect(page.locator('.print-only')).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    'rgb(255, 255, 255)',
  );
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.length).toBeGreaterThan(1000);
}

// One test walks the nine plans (a test per plan loaded each page again), then follows a plan's
// "Embed the widget" link to the builder.
test('every lesson plan: a 45-minute agenda, every part, the exit ticket’s key, prints without the site around it; its widget link opens the builder set up for its activity', async ({
  page,
}) => {
  test.slow(); // nine plans, each printed to a PDF
  const withWidget = [];
  for (const p of planPages) {
    await page.emulateMedia({ media: 'screen' });
    await page.goto(p);
    await test.step(p, () => expectLessonPlan(page));
    const link = page.getByRole('link', { name: 'Embed the widget' });
    if ((await link.count()) > 0) withWidget.push({ p, href: (await link.getAttribute('href'))! });
  }
  if (withWidget.length === 0) return; // no lesson plan uses a widget of this build
  const { href } = withWidget[0]!;
  await page.emulateMedia({ media: 'screen' });
  await page.goto(href);
  const id = new URL(href, BASE_URL).searchParams.get('widget')!;
  await expect(page.getByLabel('Widget', { exact: true })).toHaveValue(id);
  await expect(page.locator('[data-builder-link]')).toHaveValue(new RegExp(`/embed/${id}/`));
});

test('a lesson plan links its student handout, which prints on one or two pages without navigation or answers, and passes axe', async ({
  page,
}) => {
  const plan = planPages.find((p) => p.includes('sliding-windows-convolutions')) ?? planPages[0]!;
  await page.goto(plan);
  await page.getByRole('link', { name: 'Student handout' }).first().click();
  await expect(page).toHaveURL(new RegExp(`${plan}handout/$`));
  await expect(page.getByRole('heading', { level: 2, name: 'Question of the day' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Exit ticket' })).toBeVisible();
  // Students get the questions, not the key.
  await expect(page.getByText(/— right\.|— wrong\./)).toHaveCount(0);
  // Every word links to its glossary entry.
  const words = page.locator('.words a');
  expect(await words.count()).toBeGreaterThanOrEqual(3);
  for (const href of await words.evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    expect(href).toMatch(/^\/glossary\/#[a-z0-9-]+$/);
  expect(await axeViolations(page)).toEqual([]);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print this handout' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Back to the lesson plan' })).toBeHidden();
  expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
  expect(await axeViolations(page)).toEqual([]);
  const pdf = await page.pdf({ format: 'A4' });
  // A PDF names each page once as "/Type /Page" (the page tree is "/Pages").
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages, 'printed pages').toBeLessThanOrEqual(2);
});
