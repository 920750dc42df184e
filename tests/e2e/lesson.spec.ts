/** The reading features: skip link, theme, progress, previous/next, table of contents, glossary, demo entry. */
import { expect, test } from './support/fixtures.ts';
import { lessonPages } from './support/pages.ts';
import { pageIsDark } from './support/page-utils.ts';

const lessons = lessonPages();

test('the skip link is the first thing keyboard users reach, and it moves focus to the content', async ({ page }) => {
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
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await pageIsDark(page)).toBe(false);
});

test('progress is remembered: finishing a lesson shows on the home page and the lesson list', async ({ page }) => {
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
  await page.addInitScript(() => localStorage.setItem('emotion-lens:progress', '{"version":1,"lessons":7}'));
  await page.goto('/');
  await expect(page.getByRole('link', { name: /^Continue:/ })).toBeHidden();
});

test('previous / next links walk through the nine lessons in order', async ({ page }) => {
  test.slow(); // nine full page loads in one test
  await page.goto(lessons[0]!);
  const visited: string[] = [new URL(page.url()).pathname];
  await expect(page.locator('a[rel="prev"]')).toHaveCount(0);
  for (let i = 1; i < 9; i++) {
    await page.locator('a[rel="next"]').click();
    await expect(page.locator('.eyebrow').first()).toHaveText(`Lesson ${i + 1} of 9`);
    visited.push(new URL(page.url()).pathname);
  }
  await expect(page.locator('a[rel="next"]')).toHaveCount(0);
  expect(new Set(visited).size).toBe(9);
  await page.locator('a[rel="prev"]').click();
  expect(new URL(page.url()).pathname).toBe(visited[7]);
});

for (const path of lessons) {
  test(`lesson layout: ${path}`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByText(/^Lesson \d of 9$/)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'By the end you will be able to…' })).toBeVisible();
    const toc = page.getByRole('navigation', { name: 'On this page' });
    await expect(toc).toBeVisible();
    const targets = await toc.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(targets.length).toBeGreaterThanOrEqual(3);
    for (const t of targets) await expect(page.locator(t)).toHaveCount(1);
    await expect(page.getByRole('navigation', { name: 'All lessons' }).getByRole('link')).toHaveCount(9);
    await expect(page.getByRole('navigation', { name: 'Previous and next lesson' })).toBeVisible();
    // Glossary words link to the glossary.
    const terms = page.locator('a.term');
    expect(await terms.count()).toBeGreaterThan(0);
    await expect(terms.first()).toHaveAttribute('href', /^\/glossary\/#[a-z0-9-]+$/);
  });
}

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
  await expect(page.locator('#demo').getByRole('heading', { name: 'Try the live demo' })).toBeVisible();
});
