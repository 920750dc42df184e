import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { keepSizesTogether, keepSizesTogetherPlugin } from './keep-sizes-together.ts';

describe('keepSizesTogether', () => {
  it('joins the numbers of a size with no-break spaces', () => {
    expect(keepSizesTogether('a 48 × 48 face and 2 × 2 pooling')).toBe(
      'a 48\u00a0×\u00a048 face and 2\u00a0×\u00a02 pooling',
    );
  });

  it('leaves a multiplication sign that is not between two numbers alone', () => {
    expect(keepSizesTogether('width × height')).toBe('width × height');
  });

  it('rewrites the text of a page in the Markdown processor the site uses, however deep', async () => {
    const { html } = await markdownToHtml('From *8 × 8* to **96 × 96**, and `3 × 3`.', {
      hastPlugins: [keepSizesTogetherPlugin],
    });
    expect(html).toContain('<em>8\u00a0×\u00a08</em>');
    expect(html).toContain('<strong>96\u00a0×\u00a096</strong>');
  });
});
