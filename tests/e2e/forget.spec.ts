/**
 * "Clear what this site kept" (/about/ and /teach/): a shared classroom device handed on clean —
 * the reading progress and the theme choice are gone, the page reloads without them and says so.
 */
import { SITE_STORAGE_PREFIX } from '../../src/components/forget.ts';
import { PROGRESS_KEY } from '../../src/components/progress.ts';
import { THEME_KEY } from '../../src/components/theme.ts';
import { expect, test } from './support/fixtures.ts';
import { axeViolations } from './support/page-utils.ts';

for (const path of ['/about/', '/teach/']) {
  test(`${path}: one button clears the progress and the theme choice, and says so`, async ({
    page,
  }) => {
    await page.goto(path);
    await page.evaluate(
      ([progress, theme]) => {
        localStorage.setItem(
          progress!,
          JSON.stringify({
            version: 1,
            lessons: {
              'face-mesh': { visited: '2026-12-01T10:00:00Z', done: '2026-12-01T10:20:00Z' },
            },
          }),
        );
        localStorage.setItem(theme!, 'dark');
        localStorage.setItem('another-app', 'keep');
      },
      [PROGRESS_KEY, THEME_KEY],
    );
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await page.getByRole('button', { name: 'Clear what this site kept' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'no longer holds anything from this site' }),
    ).toBeVisible();
    const left = await page.evaluate(() => Object.keys(localStorage));
    expect(left.filter((k) => k.startsWith(SITE_STORAGE_PREFIX))).toEqual([]);
    expect(left).toContain('another-app');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    expect(
      new URL(page.url()).searchParams.has('forgotten'),
      'the "done" marker leaves the address',
    ).toBe(false);
    expect(await axeViolations(page, { include: '#forget-this-browser' })).toEqual([]);
  });
}
