/**
 * The recap quizzes (src/components/Quiz.astro) in Debian's Chromium against the built site:
 *  - every lesson ends with a "Recap" of 3–4 questions;
 *  - feedback (verdict and explanation) appears in a polite live region, by mouse and by keyboard;
 *  - without JavaScript the questions are readable and "Show the answer" reveals the answer.
 */
import { expect, test } from './support/fixtures.ts';
import { lessonPages } from './support/pages.ts';

const lessons = lessonPages();
const LESSON_2 = '/lessons/a-picture-is-a-grid-of-numbers/';

test('every lesson ends with a recap of three or four questions', async ({ page }) => {
  test.setTimeout(180_000);
  for (const path of lessons) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Recap', level: 2 }), path).toBeVisible();
    const questions = page.locator('[data-quiz] [data-question]');
    const n = await questions.count();
    expect(n, path).toBeGreaterThanOrEqual(3);
    expect(n, path).toBeLessThanOrEqual(4);
    for (let i = 0; i < n; i++) {
      const q = questions.nth(i);
      expect(
        await q.getByRole('radio').count(),
        `${path} question ${i + 1}`,
      ).toBeGreaterThanOrEqual(3);
      await expect(q.getByRole('button', { name: 'Check my answer' })).toBeVisible();
      await expect(q.locator('[data-reveal]')).toBeHidden();
    }
  }
});

test('feedback and the explanation appear in a polite live region', async ({ page }) => {
  await page.goto(LESSON_2);
  const q = page.locator('[data-quiz] [data-question]').first();
  const feedback = q.locator('[data-feedback]');
  await expect(feedback).toHaveAttribute('aria-live', 'polite');
  await expect(feedback).toBeEmpty();

  await q.getByRole('button', { name: 'Check my answer' }).click();
  await expect(feedback).toHaveText('Pick one of the answers first.');

  await q.getByRole('radio', { name: 'White' }).check();
  await q.getByRole('button', { name: 'Check my answer' }).click();
  await expect(feedback).toContainText('Not quite. The answer is: Black.');
  await expect(feedback).toContainText('0 means no light at all');
  await expect(q.locator('[data-choice="0"] [data-mark]')).toHaveText('✗ Your answer');
  await expect(q.locator('[data-choice="1"] [data-mark]')).toHaveText('✓ Right answer');

  await q.getByRole('radio', { name: 'Black' }).check();
  await q.getByRole('button', { name: 'Check my new answer' }).click();
  await expect(feedback).toContainText('Right!');
  await expect(page.locator('[data-score]')).toHaveText('You have answered 1 of 4 questions.');
});

test('keyboard only: pick with the arrow keys, check with Enter', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(LESSON_2);
  // Start from the Recap heading (as if the reader had read down to it), then only the keyboard.
  await page.locator('h2#recap').evaluate((h) => {
    h.setAttribute('tabindex', '-1');
    (h as HTMLElement).focus();
  });
  const questions = page.locator('[data-quiz] [data-question]');
  const total = await questions.count();
  for (let i = 0; i < total; i++) {
    const q = questions.nth(i);
    const answer = Number(await q.getAttribute('data-answer'));
    // Tab into the question's radio group, then move to the right answer with the arrow keys.
    await page.keyboard.press('Tab');
    await expect(q.getByRole('radio').first()).toBeFocused();
    if (answer === 0) await page.keyboard.press('Space');
    for (let a = 0; a < answer; a++) await page.keyboard.press('ArrowDown');
    await expect(q.getByRole('radio').nth(answer)).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(q.getByRole('button', { name: 'Check my answer' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(q.locator('[data-feedback]')).toContainText('Right!');
  }
  await expect(page.locator('[data-score]')).toHaveText(
    `All done: ${total} of ${total} right at the first try.`,
  );
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the questions are readable and "Show the answer" reveals the answer', async ({ page }) => {
    await page.goto(LESSON_2);
    const q = page.locator('[data-quiz] [data-question]').first();
    await expect(
      q.getByText('In a grey picture, what does a pixel with the number 0 look like?'),
    ).toBeVisible();
    await expect(q.getByRole('radio')).toHaveCount(4);
    await expect(q.getByRole('button', { name: 'Check my answer' })).toBeHidden();
    await q.getByText('Show the answer').click();
    await expect(q.locator('[data-reveal]')).toContainText('Answer: Black.');
  });
});
