/**
 * Touch-only steps for the phone tests (a context with `hasTouch` and `isMobile`): a finger drag
 * through the DevTools protocol (Playwright's touchscreen only taps), and the two layout checks every
 * widget page must pass on a 360 px phone.
 */
import type { Locator, Page } from '@playwright/test';

/** WCAG 2.2's minimum target size (2.5.8), in CSS pixels. */
export const MIN_TARGET = 24;

/** Drags one finger from `from` to `to` in `steps` moves, as real touch events. */
export async function touchDrag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
  steps = 8,
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const at = (t: number) => [
    { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t, id: 1 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= steps; i++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Drags a range input's thumb by touch to its `end` ('min' or 'max'), from where the thumb is now. */
export async function dragSliderTo(page: Page, slider: Locator, end: 'min' | 'max'): Promise<void> {
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const fraction = await slider.evaluate((el: HTMLInputElement) => {
    const [min, max, value] = [el.min, el.max, el.value].map(Number);
    return (value - min) / (max - min);
  });
  // The thumb's centre: the track is the box minus half a thumb at each end (about 8 px here).
  const y = box.y + box.height / 2;
  const thumbX = box.x + 8 + (box.width - 16) * fraction;
  await touchDrag(
    page,
    { x: thumbX, y },
    { x: end === 'min' ? box.x - 20 : box.x + box.width + 20, y },
  );
}

/** How many CSS pixels the page is wider than the screen (0 when nothing scrolls sideways). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.scrollingElement!.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * The visible controls inside `scope` that a finger would find too small: under MIN_TARGET in width
 * or height. A radio button, checkbox or file input counts with its label (tapping the label works
 * the control); a link in a line of text is exempt, as WCAG exempts inline targets.
 */
export function smallTargets(scope: Locator): Promise<string[]> {
  return scope.evaluate((root, min) => {
    const controls = root.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary, [role="button"], [role="radio"], [tabindex="0"]',
    );
    const small: string[] = [];
    for (const el of controls) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const input = el instanceof HTMLInputElement ? el : null;
      const label =
        input && ['radio', 'checkbox', 'file'].includes(input.type)
          ? (input.labels?.[0] ?? null)
          : null;
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
      const box = (label ?? el).getBoundingClientRect();
      if (box.width < min || box.height < min) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
        small.push(
          `${el.tagName.toLowerCase()}${input ? `[${input.type}]` : ''}.${el.className} “${name}”: ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return small;
  }, MIN_TARGET);
}
