import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** True when the page background is dark (relative luminance below 0.2). */
export async function pageIsDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g) ?? []).map(
      Number,
    );
    const lin = (c = 0) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.2;
  });
}

/** The WCAG rule sets every axe check runs. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The axe rules whose outcome can depend on the theme. The two themes differ only in colour (in
 * src/styles/global.css every token is one light-dark() pair and `color-scheme` picks the side; a
 * unit test, src/components/theme.test.ts, keeps it so), so after a full run in one theme the other
 * theme needs only these: about 2 s less per page on this machine.
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * axe-core's WCAG A and AA rules on the page as it is now (`include`: only that part; `coloursOnly`:
 * only COLOUR_RULES), as one line per violation ("rule: where — why"), so `expect(...).toEqual([])`
 * prints what to fix.
 *
 * Same-origin frames are checked in axe's legacy mode, which merges the frames' results in the page
 * itself: measured here it is 2–3× faster than the default mode, which opens a blank page for every
 * check. Only a host page that frames another origin needs `crossOriginFrames`.
 */
export async function axeViolations(
  page: Page,
  {
    include,
    crossOriginFrames = false,
    coloursOnly = false,
  }: { include?: string; crossOriginFrames?: boolean; coloursOnly?: boolean } = {},
): Promise<string[]> {
  // Only violations are read: axe then skips the details of every passing node (0.3–0.8 s less per
  // run on a lesson page). options() replaces the rule selection, so it comes before withTags/withRules.
  let builder = new AxeBuilder({ page })
    .setLegacyMode(!crossOriginFrames)
    .options({ resultTypes: ['violations'] });
  builder = coloursOnly ? builder.withRules(COLOUR_RULES) : builder.withTags(AXE_TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map(
    (v) =>
      `${v.id}: ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 300))
        .join(' | ')}`,
  );
}

/**
 * axe in the light theme (every rule), then in the dark theme (the colour rules), switching the
 * system colour scheme as a reader's device would; violations are prefixed with their theme.
 */
export async function axeInBothThemes(
  page: Page,
  options: { include?: string } = {},
): Promise<string[]> {
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await axeViolations(page, options);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await axeViolations(page, { ...options, coloursOnly: true });
  return [...light.map((v) => `light: ${v}`), ...dark.map((v) => `dark: ${v}`)];
}

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus, as a keyboard-only reader would. */
export async function tabTo(
  page: Page,
  target: Locator,
  { back = false, max = 80 } = {},
): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

/** Opens a lesson at a widget's anchor; waits until the widget says it is ready unless `ready` is false. */
export async function openWidget(
  page: Page,
  lesson: string,
  tag: string,
  { ready = true } = {},
): Promise<Locator> {
  await page.goto(`${lesson}#${tag}`);
  const widget = page.locator(tag);
  // Widgets start when they come into view; the #anchor may sit far above a widget on a narrow screen.
  await widget.first().scrollIntoViewIfNeeded();
  if (ready) await expect(widget).toHaveAttribute('data-ready', 'true');
  return widget;
}

/** The lesson layout: eyebrow, goals, a table of contents whose links all land, the lesson list, previous / next, glossary links. */
export async function expectLessonLayout(page: Page) {
  await expect(page.getByText(/^Lesson \d of 9$/)).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'By the end you will be able to…' }),
  ).toBeVisible();
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await expect(toc).toBeVisible();
  const targets = await toc
    .locator('a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(targets.length).toBeGreaterThanOrEqual(3);
  for (const t of targets) await expect(page.locator(t)).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'All lessons' }).getByRole('link')).toHaveCount(
    9,
  );
  await expect(page.getByRole('navigation', { name: 'Previous and next lesson' })).toBeVisible();
  // Glossary words link to the glossary.
  const terms = page.locator('a.term');
  expect(await terms.count()).toBeGreaterThan(0);
  await expect(terms.first()).toHaveAttribute('href', /^\/glossary\/#[a-z0-9-]+$/);
}
