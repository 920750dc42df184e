import { describe, expect, it } from 'vitest';
import rehypeKeepSizesTogether, { keepSizesTogether } from '../../../src/lib/markdown/keep-sizes-together.ts';

describe('keepSizesTogether', () => {
  it('joins the numbers of a size with no-break spaces', () => {
    expect(keepSizesTogether('a 48 × 48 face and 2 × 2 pooling')).toBe('a 48\u00a0×\u00a048 face and 2\u00a0×\u00a02 pooling');
  });

  it('leaves a multiplication sign that is not between two numbers alone', () => {
    expect(keepSizesTogether('width × height')).toBe('width × height');
  });

  it('rewrites every text node of a page tree, however deep', () => {
    const tree = { type: 'root', children: [{ type: 'element', children: [{ type: 'text', value: 'from 8 × 8 to 96 × 96' }] }] };
    rehypeKeepSizesTogether()(tree);
    expect(tree.children[0]!.children[0]!.value).toBe('from 8\u00a0×\u00a08 to 96\u00a0×\u00a096');
  });
});
