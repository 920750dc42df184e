import type { Page } from '@playwright/test';

/** True when the page background is dark (relative luminance below 0.2). */
export async function pageIsDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
    const lin = (c = 0) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.2;
  });
}
