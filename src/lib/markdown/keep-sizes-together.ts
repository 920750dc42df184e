/**
 * A hast plugin for the lessons (Astro's Sätteri Markdown processor, which MDX uses too): "48 × 48"
 * must not break across lines on a phone, so the spaces around a multiplication sign between two
 * numbers become no-break spaces.
 */
import type { HastPluginDefinition } from 'satteri';

const SIZE = /(\d) × (\d)/g;

export function keepSizesTogether(text: string): string {
  return text.replace(SIZE, '$1\u00a0×\u00a0$2');
}

export const keepSizesTogetherPlugin: HastPluginDefinition = {
  name: 'keep-sizes-together',
  text(node, ctx) {
    const joined = keepSizesTogether(node.value);
    if (joined !== node.value) ctx.replaceNode(node, { type: 'text', value: joined });
  },
};
