/**
 * The playground's step 1 (its markup is in ConvolutionPlayground.astro): the preset buttons, the
 * nine weights, "divide by" and the offset, what the filter does in words, what is wrong with a
 * number typed in, and for a filter of our model (lesson 4's links) where its numbers come from. It tells the playground each
 * valid filter (`onChange`); a box that is not a number keeps the last valid filter in use.
 * The arrow keys Up and Down add or take 1 from the number in a box.
 */
import {
  explainOutputSize,
  formatNumber,
  kernelGain,
  matchPreset,
  parseWeight,
  preset,
  type Kernel,
  type PresetId,
} from '../../lib/convolution/convolution.ts';
import type { SharedFilter } from '../../lib/convolution/model-filters.ts';
import { h } from '../_kit/dom.ts';
import { part, parts } from './parts.ts';
import { playgroundText as t } from './text.ts';

/** Where lesson 4 shows our model's first-layer filters (the links that bring one here start there). */
const MODEL_FILTERS_HREF = '/lessons/stacking-layers/#first-layer-filters';

export interface KernelEditorSetup {
  /** Step 1 of the playground's markup (data-cp="filter"). */
  element: HTMLElement;
  kernel: Kernel;
  /** The filter the page's address brought, if any: named "Filter 3 of our network" while unchanged. */
  shared: SharedFilter | null;
  /** The picture's side in pixels (the model card's), for the note on a model filter's map size. */
  side: number;
  onChange(kernel: Kernel): void;
}

export class KernelEditor {
  kernel: Kernel;
  private readonly shared: SharedFilter | null;
  private readonly onChange: (kernel: Kernel) => void;
  private readonly presetButtons: HTMLButtonElement[];
  private readonly weightInputs: HTMLInputElement[];
  private readonly divisorInput: HTMLInputElement;
  private readonly offsetInput: HTMLInputElement;
  private readonly description: HTMLElement;
  private readonly error: HTMLElement;

  constructor({ element, kernel, shared, side, onChange }: KernelEditorSetup) {
    this.kernel = kernel;
    this.shared = shared;
    this.onChange = onChange;

    this.presetButtons = [...element.querySelectorAll<HTMLButtonElement>('[data-preset]')];
    for (const b of this.presetButtons) {
      const p = preset(b.dataset.preset as PresetId);
      b.addEventListener('click', () => {
        this.kernel = { weights: [...p.weights], divisor: p.divisor };
        this.write();
        this.onChange(this.kernel);
      });
    }
    if (shared?.from) part(element, 'presets').after(modelNote(shared.from, shared.options, side));
    this.weightInputs = parts<HTMLInputElement>(element, 'weight');
    this.divisorInput = part<HTMLInputElement>(element, 'divisor');
    this.offsetInput = part<HTMLInputElement>(element, 'offset');
    for (const input of [...this.weightInputs, this.divisorInput, this.offsetInput]) {
      input.addEventListener('input', () => this.read());
      input.addEventListener('keydown', (e) => this.nudge(e, input));
    }
    this.description = part(element, 'description');
    this.error = part(element, 'error');
    this.write();
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

/**
 * For a filter of our model (lesson 4's links): where its numbers come from and how this view differs
 * from the network's, in sizes worked out from the address and the model card.
 */
function modelNote(
  from: NonNullable<SharedFilter['from']>,
  { stride, padding }: SharedFilter['options'],
  side: number,
): HTMLElement {
  const here = explainOutputSize(side, padding, stride).size;
  const model = Math.ceil(side / stride);
  const link = h('a', {
    href: MODEL_FILTERS_HREF,
    text: t('model.link'),
  });
  return h(
    'div',
    { class: 'cp-from', role: 'note' },
    h(
      'p',
      {},
      h('strong', { text: t('model.title', { number: from.number, layer: from.layer }) }),
      t('model.learned'),
      link,
      '.',
    ),
    h(
      'p',
      {},
      t('model.scale') +
        (stride > 1 ? t('model.stride', { stride }) : '') +
        (here !== model && padding === 0 ? t('model.size', { model, here }) : '') +
        t('model.relu'),
    ),
  );
}
