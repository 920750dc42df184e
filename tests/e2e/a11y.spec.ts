/**
 * Accessibility: axe-core on every built page, with the WCAG 2.0/2.1/2.2 A and AA rules, in the light
 * and the dark theme, and once more with saved progress (which shows extra badges and buttons).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { builtPages, lessonPages } from './support/pages.ts';
import { AXE_TAGS, pageIsDark } from './support/page-utils.ts';


async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 300)),
  }));
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });
    for (const path of builtPages()) {
      test(`axe: ${path}`, async ({ page }) => {
        await page.goto(path);
        expect(await pageIsDark(page), 'page background matches the theme').toBe(theme === 'dark');
        expect(await axe(page)).toEqual([]);
      });
    }

    test('axe with saved progress: home, lessons and a finished lesson', async ({ page }) => {
      const lessons = lessonPages();
      const slugs = lessons.map((p) => p.split('/')[2]);
      const now = new Date().toISOString();
      await page.addInitScript(
        ([s, t]) => {
          const lessonsRec: Record<string, { visited: string; done?: string }> = {};
          s.forEach((slug, i) => (lessonsRec[slug] = i < 3 ? { visited: t, done: t } : { visited: t }));
          localStorage.setItem('emotion-lens:progress', JSON.stringify({ version: 1, lessons: lessonsRec, last: s[2] }));
        },
        [slugs.slice(0, 5) as string[], now] as const,
      );
      for (const path of ['/', '/lessons/', lessons[0]!]) {
        await page.goto(path);
        await expect(page.locator('[data-progress-status][data-status="done"]').first().or(page.locator('[data-done-toggle][aria-pressed="true"]'))).toBeVisible();
        expect(await axe(page), path).toEqual([]);
      }
    });
  });
}

test('the theme toggle switches to the dark colours and passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await pageIsDark(page)).toBe(true);
  expect(await axe(page)).toEqual([]);
});
