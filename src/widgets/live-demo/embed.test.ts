import { describe, expect, it } from 'vitest';
import { parseOptions, toAttributes } from '../../lib/embed/options.ts';
import { embedOptions } from '../../lib/embed/widgets.ts';
import { embed } from './embed.ts';

describe('the live demo’s share option', () => {
  it('is off in the live demo’s embed unless the address asks for it, and the address writes the attribute', () => {
    const specs = embedOptions(embed);
    const attrs = (query: string) => toAttributes(specs, parseOptions(specs, query).values);
    expect(attrs('').share).toBeNull();
    expect(attrs('share=none').share).toBeNull();
    expect(attrs('share=scores').share).toBe('scores');
    expect(attrs('share=SCORES').share).toBe('scores');
    expect(parseOptions(specs, 'share=everything').ignored).toEqual([
      { key: 'share', value: 'everything', reason: 'invalid' },
    ]);
    expect(attrs('share=everything').share).toBeNull();
  });
});
