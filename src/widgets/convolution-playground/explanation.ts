/**
 * The playground's step-through text: where the filter is, the nine pixels under it, the nine weights
 * and their nine products, how they add up to the number in the feature map, and, for screen readers,
 * the same multiply-and-add in words when the reader moves the filter.
 */
import {
  formatNumber,
  type DisplayMode,
  type Kernel,
  type Step,
} from '../../lib/convolution/convolution.ts';
import { greyCss, h, inkOn, throttle } from '../_kit/dom.ts';
import { part } from './parts.ts';
import { formatCount as fmt, playgroundText as t } from './text.ts';

/** One 3 × 3 grid of the multiply-and-add, with its title; `bg` shades a cell with that grey. */
function mini(title: string, values: { text: string; bg?: number; pad?: boolean }[]): HTMLElement {
  return h(
    'div',
    { class: 'cp-mini' },
    h('span', { class: 'cp-mini-title', text: title }),
    h(
      'span',
      { class: 'cp-mini-grid' },
      ...values.map((v) => {
        const el = h('span', {
          class: `cp-mini-cell${v.pad ? ' cp-mini-pad' : ''}`,
          text: v.text,
        });
        if (v.bg !== undefined && !v.pad) {
          el.style.background = greyCss(v.bg);
          el.style.color = inkOn(v.bg);
        }
        return el;
      }),
    ),
  );
}

/** What the explanation shows: the filter's place among `count` positions, and its step. */
export interface Shown {
  /** The filter's position, from 0, in reading order. */
  pos: number;
  count: number;
  kernel: Kernel;
  mode: DisplayMode;
}

export class Explanation {
  private readonly position: HTMLElement;
  private readonly calc: HTMLElement;
  private readonly sum: HTMLElement;
  private readonly announcer: HTMLElement;

  /** `root`: the step-through's markup (data-cp="position", "calc", "sum" and "announcer"). */
  constructor(root: ParentNode) {
    this.position = part(root, 'position');
    this.calc = part(root, 'calc');
    this.sum = part(root, 'sum');
    this.announcer = part(root, 'announcer');
  }

  /** Explains step `s` (none: the picture is too small); `announce` also says it to screen readers. */
  show(s: Step | null, { pos, count, kernel, mode }: Shown, announce: boolean): void {
    if (!s) {
      this.position.textContent = t('step.tooSmall');
      this.calc.replaceChildren();
      this.sum.textContent = '';
      return;
    }
    this.position.textContent = t('step.position', {
      position: fmt(pos + 1),
      count: fmt(count),
      row: s.outY + 1,
      column: s.outX + 1,
    });
    this.calc.replaceChildren(
      mini(
        t('step.pixels'),
        s.cells.map((c) => ({ text: formatNumber(c.pixel), bg: c.pixel, pad: c.padding })),
      ),
      h('span', { class: 'cp-op', text: '×' }),
      mini(
        t('step.weights'),
        s.cells.map((c) => ({ text: formatNumber(c.weight, 2) })),
      ),
      h('span', { class: 'cp-op', text: '=' }),
      mini(
        t('step.products'),
        s.cells.map((c) => ({ text: formatNumber(c.product, 1) })),
      ),
    );
    const offset = kernel.offset ?? 0;
    const divided =
      (kernel.divisor !== 1
        ? t('step.divided', {
            divisor: formatNumber(kernel.divisor, 3),
            value: formatNumber(s.sum / kernel.divisor, 1),
          })
        : '') +
      (offset
        ? t('step.plusOffset', {
            offset: formatNumber(offset, 1),
            value: formatNumber(s.value, 1),
          })
        : '');
    const shown =
      mode === 'clip' && s.value < 0
        ? t('step.belowZero')
        : mode === 'clip' && s.value > 255
          ? t('step.above255')
          : '';
    const pads = s.cells.filter((c) => c.padding).length;
    const padding = pads ? t('step.padding', { count: pads }) : '';
    this.sum.replaceChildren(
      t('step.addUp'),
      h('strong', { text: formatNumber(s.sum, 1) }),
      t('step.goesIn', { divided, shown, padding }),
    );
    if (announce) {
      const terms = s.cells
        .map((c) =>
          t('step.term', { pixel: formatNumber(c.pixel), weight: formatNumber(c.weight, 2) }),
        )
        .join(', ');
      this.say(
        t('step.announce', {
          row: s.outY + 1,
          column: s.outX + 1,
          terms,
          sum: formatNumber(s.sum, 1),
          divided,
          shown,
        }),
      );
    }
  }

  /** Tells screen readers `text` (at most one sentence each 300 ms: the last one wins). */
  readonly say = throttle((text: string) => {
    this.announcer.textContent = text;
  }, 300);
}
