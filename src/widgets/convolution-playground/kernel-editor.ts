/**
 * The playground's step 1: the preset buttons, the nine weights, "divide by" and the offset, what
 * the filter does in words, and what is wrong with a number typed in. It tells the playground each
 * valid filter (`onChange`); a box that is not a number keeps the last valid filter in use.
 * The arrow keys Up and Down add or take 1 from the number in a box.
 */
import {
  PRESETS,
  formatNumber,
  kernelGain,
  matchPreset,
  parseWeight,
  type Kernel,
} from '../../lib/convolution/convolution.ts';
import type { SharedFilter } from '../../lib/convolution/model-filters.ts';
import { h } from '../_kit/dom.ts';
import { playgroundText as t } from './text.ts';

export interface KernelEditorSetup {
  /** Prefix of the ids the labels point to. */
  id: string;
  kernel: Kernel;
  /** The filter the page's address brought, if any: named "Filter 3 of our network" while unchanged. */
  shared: SharedFilter | null;
  /** Shown under the presets: where a model filter comes from (or nothing). */
  note: HTMLElement | string;
  onChange(kernel: Kernel): void;
}

export class KernelEditor {
  readonly element: HTMLElement;
  kernel: Kernel;
  private readonly shared: SharedFilter | null;
  private readonly onChange: (kernel: Kernel) => void;
  private readonly presetButtons: HTMLButtonElement[] = [];
  private readonly weightInputs: HTMLInputElement[] = [];
  private readonly divisorInput: HTMLInputElement;
  private readonly offsetInput: HTMLInputElement;
  private readonly description: HTMLElement;
  private readonly error: HTMLElement;

  constructor({ id, kernel, shared, note, onChange }: KernelEditorSetup) {
    this.kernel = kernel;
    this.shared = shared;
    this.onChange = onChange;

    const presets = h('div', {
      class: 'cp-presets',
      role: 'group',
      'aria-label': t('filter.presets'),
    });
    for (const p of PRESETS) {
      const b = h('button', {
        type: 'button',
        class: 'cp-preset',
        'aria-pressed': 'false',
        'data-preset': p.id,
        text: p.name,
      });
      b.addEventListener('click', () => {
        this.kernel = { weights: [...p.weights], divisor: p.divisor };
        this.write();
        this.onChange(this.kernel);
      });
      this.presetButtons.push(b);
      presets.append(b);
    }
    const grid = h('div', { class: 'cp-weights' });
    for (let i = 0; i < 9; i++) {
      const input = this.numberBox(
        {
          class: 'cp-weight',
          'aria-label': t('filter.weight', { row: Math.floor(i / 3) + 1, column: (i % 3) + 1 }),
        },
        4,
      );
      this.weightInputs.push(input);
      grid.append(input);
    }
    this.divisorInput = this.numberBox({ class: 'cp-weight cp-divisor', id: `${id}-divisor` }, 3);
    this.offsetInput = this.numberBox({ class: 'cp-weight cp-offset', id: `${id}-offset` }, 4);
    this.description = h('p', { class: 'cp-kernel-desc' });
    this.error = h('p', { class: 'cp-kernel-error', role: 'status' });

    this.element = h(
      'div',
      { class: 'cp-section cp-filter' },
      h('p', { class: 'cp-title', text: t('filter.title') }),
      presets,
      note,
      h(
        'div',
        { class: 'cp-kernel' },
        grid,
        h(
          'div',
          { class: 'cp-divide' },
          h(
            'span',
            { class: 'cp-divide-row' },
            h('label', { for: `${id}-divisor`, text: t('filter.divideBy') }),
            this.divisorInput,
          ),
          h(
            'span',
            { class: 'cp-divide-row' },
            h('label', { for: `${id}-offset`, text: t('filter.addOffset') }),
            this.offsetInput,
          ),
        ),
      ),
      this.description,
      this.error,
    );
    this.write();
  }

  /** A text box for one number (text, so that "1/9" and "−1" can be typed). */
  private numberBox(attrs: Record<string, string>, size: number): HTMLInputElement {
    const input = h('input', {
      type: 'text',
      ...attrs,
      autocomplete: 'off',
      spellcheck: 'false',
      size,
    });
    input.addEventListener('input', () => this.read());
    input.addEventListener('keydown', (e) => this.nudge(e, input));
    return input;
  }

  /** Shows the filter's numbers in the boxes (and clears any complaint). */
  private write(): void {
    this.kernel.weights.forEach((w, i) => {
      const input = this.weightInputs[i]!;
      input.value = formatNumber(w, 3);
      input.removeAttribute('aria-invalid');
    });
    this.divisorInput.value = formatNumber(this.kernel.divisor, 3);
    this.divisorInput.removeAttribute('aria-invalid');
    this.offsetInput.value = formatNumber(this.kernel.offset ?? 0, 3);
    this.offsetInput.removeAttribute('aria-invalid');
    this.error.textContent = '';
    this.describe();
  }

  /** Reads the boxes: a valid filter goes to the playground, otherwise the complaint says why. */
  private read(): void {
    const weights: number[] = [];
    let bad = 0;
    for (const input of this.weightInputs) {
      const v = parseWeight(input.value);
      input.toggleAttribute('aria-invalid', v === null);
      if (v === null) bad++;
      weights.push(v ?? 0);
    }
    const d = parseWeight(this.divisorInput.value);
    const badDivisor = d === null || d === 0;
    this.divisorInput.toggleAttribute('aria-invalid', badDivisor);
    const offset = parseWeight(this.offsetInput.value);
    this.offsetInput.toggleAttribute('aria-invalid', offset === null);
    if (offset === null) bad++;
    if (bad || badDivisor) {
      this.error.textContent = badDivisor
        ? t('filter.divisorZero')
        : t('filter.notNumbers', { count: bad });
      return;
    }
    this.error.textContent = '';
    this.kernel = { weights, divisor: d, offset: offset! };
    this.describe();
    this.onChange(this.kernel);
  }

  private nudge(e: KeyboardEvent, input: HTMLInputElement): void {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const v = parseWeight(input.value) ?? 0;
    e.preventDefault();
    const next = v + (e.key === 'ArrowUp' ? 1 : -1);
    if (input === this.divisorInput && next === 0) return;
    input.value = formatNumber(next, 3);
    this.read();
  }

  /** Marks the matching preset, and says what the filter does to flat areas and to brightness. */
  private describe(): void {
    const p = matchPreset(this.kernel);
    for (const b of this.presetButtons)
      b.setAttribute('aria-pressed', String(b.dataset.preset === p?.id));
    const gain = kernelGain(this.kernel);
    const offset = this.kernel.offset ?? 0;
    const sum = formatNumber(gain, 2);
    const gainText =
      Math.abs(gain) < 1e-9
        ? t(offset ? 'filter.sumZeroOffset' : 'filter.sumZero')
        : Math.abs(gain - 1) < 1e-9
          ? t('filter.sumOne')
          : t(gain > 1 ? 'filter.sumBrighter' : gain > 0 ? 'filter.sumDarker' : 'filter.sumBlack', {
              sum,
            });
    const offsetText = offset
      ? t(offset > 0 ? 'filter.offsetLighter' : 'filter.offsetDarker', {
          offset: formatNumber(offset, 1),
        })
      : '';
    const from = this.fromModel();
    const name = p
      ? t('filter.named', { name: p.name })
      : from
        ? t('filter.ofOurNetwork', { number: from.number })
        : t('filter.yourOwn');
    this.description.replaceChildren(
      h('strong', { text: name }),
      p ? `${p.description} ` : '',
      gainText,
      offsetText,
    );
  }

  /** The model filter the address brought, while its numbers are unchanged. */
  private fromModel(): SharedFilter['from'] | undefined {
    const shared = this.shared?.from ? this.shared : null;
    if (!shared) return undefined;
    const k = this.kernel;
    const same =
      k.divisor === shared.kernel.divisor &&
      (k.offset ?? 0) === (shared.kernel.offset ?? 0) &&
      k.weights.every((w, i) => w === shared.kernel.weights[i]);
    return same ? shared.from : undefined;
  }
}
