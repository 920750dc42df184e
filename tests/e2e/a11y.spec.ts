/**
 * Accessibility beyond the per-page axe checks in site.spec.ts: the pages with saved progress (which
 * shows extra badges and buttons) in both themes, and the theme toggle.
 */
import { lessonPages } from './support/pages.ts';
import { expect, test } from './support/fixtures.ts';
import { axeInBothThemes, axeViolations, pageIsDark } from './support/page-utils.ts';

test('axe with saved progress: home, lessons and a finished lesson, in the light and the dark theme', async ({
  page,
}) => {
  const lessons = lessonPages();
  const slugs = lessons.map((p) => p.split('/')[2]);
  const now = new Date().toISOString();
  await page.addInitScript(
    ([s, t]) => {
      const lessonsRec: Record<string, { visited: string; done?: string }> = {};
      s.forEach((slug, i) => (lessonsRec[slug] = i < 3 ? { visited: t, done: t } : { visited: t }));
      localStorage.setItem(
        'emotion-lens:progress',
        JSON.stringify({ version: 1, lessons: lessonsRec, last: s[2] }),
      );
    },
    [slugs.slice(0, 5) as string[], now] as const,
  );
  for (const path of ['/', '/lessons/', lessons[0]!]) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    await expect(
      page
        .locator('[data-progress-status][data-status="done"]')
        .first()
        .or(page.locator('[data-done-toggle][aria-pressed="true"]')),
    ).toBeVisible();
    expect(await axeInBothThemes(page), path).toEqual([]);
  }
});

test('the theme toggle switches to the dark colours and passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await pageIsDark(page)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
});
