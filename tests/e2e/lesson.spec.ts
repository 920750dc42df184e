/** The reading features: skip link, theme, progress, previous/next, table of contents, glossary, demo entry. */
import { expect, test } from './support/fixtures.ts';
import { lessonPages } from './support/pages.ts';
import { pageIsDark } from './support/page-utils.ts';
import {
  DEMO_TEST_TIMEOUT,
  openDemo,
  stats,
  useSample,
  waitForPrediction,
} from './live-demo-support.ts';
import { liveDemoFiles } from '../../src/lib/site-facts.ts';

const lessons = lessonPages();

test('the skip link is the first thing keyboard users reach, and it moves focus to the content', async ({
  page,
}) => {
  await page.goto(lessons[0]!);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test('the theme toggle switches theme and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await pageIsDark(page)).toBe(false);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await pageIsDark(page)).toBe(true);
  await page.goto(lessons[3]!);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await pageIsDark(page)).toBe(true);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.reload();
  expect(await pageIsDark(page)).toBe(false);
});

test('without a saved choice the site follows the system theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  expect(await pageIsDark(page)).toBe(true);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await pageIsDark(page)).toBe(false);
});

test('progress is remembered: finishing a lesson shows on the home page and the lesson list', async ({
  page,
}) => {
  const second = lessons[1]!;
  const slug = second.split('/')[2]!;
  await page.goto(second);
  const done = page.getByRole('button', { name: 'I’ve finished this lesson' });
  await expect(done).toHaveAttribute('aria-pressed', 'false');
  await done.click();
  await expect(done).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status')).toContainText('finished');

  await page.goto('/');
  await expect(page.locator(`[data-progress-status="${slug}"]`)).toHaveText('Finished');
  const cont = page.getByRole('link', { name: /^Continue:/ });
  await expect(cont).toBeVisible();
  await expect(cont).toHaveAttribute('href', lessons[2]!);

  await page.goto('/lessons/');
  await expect(page.getByText('1 of 9 lessons finished.')).toBeVisible();

  await page.goto(second);
  await page.getByRole('button', { name: 'I’ve finished this lesson' }).click();
  await page.goto('/lessons/');
  await expect(page.locator(`[data-progress-status="${slug}"]`)).toHaveText('Started');
});

test('corrupt saved progress is ignored, not fatal', async ({ page }) => {
  await page.addInitScript(() =>
    localStorage.setItem('emotion-lens:progress', '{"version":1,"lessons":7}'),
  );
  await page.goto('/');
  await expect(page.getByRole('link', { name: /^Continue:/ })).toBeHidden();
});

/** What every lesson page has: its place in the course, goals, a table of contents that works, the
 * lesson list, previous/next navigation and glossary links. */
// The chain of previous / next links as the pages are served, then one click each way in the browser
// (site.spec.ts checks every lesson's layout where it loads the page anyway).
test('previous / next links walk through the nine lessons in order', async ({ page, request }) => {
  const linkTo = (html: string, rel: 'prev' | 'next') => {
    const tag = new RegExp(`<a\\s[^>]*\\brel="${rel}"[^>]*>`).exec(html)?.[0];
    return tag ? /\bhref="([^"]+)"/.exec(tag)?.[1] : undefined;
  };
  const visited = [lessons[0]!];
  let html = await (await request.get(lessons[0]!)).text();
  expect(linkTo(html, 'prev'), 'lesson 1 has no previous lesson').toBeUndefined();
  for (let i = 1; i < 9; i++) {
    const next = linkTo(html, 'next');
    expect(next, `lesson ${i} links to the next one`).toBeDefined();
    html = await (await request.get(next!)).text();
    expect(linkTo(html, 'prev'), `lesson ${i + 1} links back`).toBe(visited[i - 1]);
    expect(html).toContain(`Lesson ${i + 1} of 9`);
    visited.push(next!);
  }
  expect(linkTo(html, 'next'), 'lesson 9 has no next lesson').toBeUndefined();
  expect([...visited].sort()).toEqual([...lessons].sort());

  await page.goto(lessons[0]!);
  await page.locator('a[rel="next"]').click();
  await expect(page.locator('.eyebrow').first()).toHaveText('Lesson 2 of 9');
  expect(new URL(page.url()).pathname).toBe(visited[1]);
  await page.locator('a[rel="prev"]').click();
  await expect(page.locator('.eyebrow').first()).toHaveText('Lesson 1 of 9');
  expect(new URL(page.url()).pathname).toBe(visited[0]);
});

test('a glossary word in a lesson leads to its definition', async ({ page }) => {
  await page.goto(lessons[1]!);
  const term = page.locator('a.term').first();
  const id = (await term.getAttribute('href'))!.split('#')[1]!;
  await term.click();
  await expect(page).toHaveURL(new RegExp(`/glossary/#${id}$`));
  await expect(page.locator(`#${id}`)).toBeInViewport();
});

test('"Try the live demo" on the home page leads to the demo in lesson 1', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Try the live demo' }).click();
  await expect(page).toHaveURL(new RegExp(`${lessons[0]!}#demo$`));
  await expect(page.locator('#demo')).toBeInViewport();
  await expect(
    page.locator('#demo').getByRole('heading', { name: 'Try the live demo' }),
  ).toBeVisible();
});

test("lesson 1 states the live demo's first download from the files it really fetches", async ({
  page,
  guard,
}) => {
  test.setTimeout(DEMO_TEST_TIMEOUT);
  const demo = await openDemo(page, guard, lessons[0]!);
  const sentence = (await page.locator('#demo').textContent())!;
  const stated = Number(
    /downloads the face finder and the emotion model, about (\d+) MB/.exec(sentence)?.[1],
  );
  expect(stated, 'the lesson states the download in MB').toBeGreaterThan(0);

  // Every response after the reader picks a photo, by path (a file fetched twice counts once).
  const bytes = new Map<string, Promise<number>>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.protocol.startsWith('http') && res.status() === 200)
      bytes.set(
        url.pathname,
        res.body().then(
          (b) => b.length,
          () => 0,
        ),
      );
  });
  await useSample(demo);
  await waitForPrediction(page);
  const fetched = new Map(
    await Promise.all([...bytes].map(async ([path, n]) => [path, await n] as const)),
  );

  // The files the sentence counts: everything but the site's own code (/_astro/), the photo itself
  // and the page's icon (the browser sometimes asks for it only after the photo is picked).
  const files = liveDemoFiles();
  const backend = (await stats(page))!.backend;
  const expected = [
    ...files.faceFinder,
    ...files.emotionModel,
    ...(backend === 'wasm' ? files.withoutGraphicsCard : []),
  ].map((f) => `/${f}`);
  const assets = [...fetched.keys()].filter(
    (p) => !p.startsWith('/_astro/') && !p.startsWith('/vendor/samples/') && p !== '/favicon.svg',
  );
  expect(assets.sort()).toEqual(expected.sort());
  // With the code that runs them, the whole download is still "about" the stated figure.
  const total = [...fetched.values()].reduce((a, b) => a + b, 0);
  expect(total / 1e6, `bytes after Start: ${total}`).toBeGreaterThan(stated * 0.85);
  expect(total / 1e6, `bytes after Start: ${total}`).toBeLessThan(stated * 1.2);
});
