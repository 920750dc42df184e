/**
 * The convolution playground (lesson 3), built when the reader reaches it (see
 * ConvolutionPlayground.astro).
 *
 * A 3 × 3 filter (presets or the reader's own numbers) slides over the model's view of the reader's
 * face (the model card's grey crop, webcam / sample photo / upload through the shared <face-source>
 * picker). The feature map is recomputed live. A step-through shows one position at a time — the nine
 * pixels under the filter, the nine weights, the nine products and their sum — with play, pause and
 * step buttons and the arrow keys. Stride and padding change the size of the feature map, and the
 * sum behind that size is written out. The maths is src/lib/convolution/convolution.ts.
 *
 * Its address can bring a filter (src/lib/convolution/model-filters.ts: `?kernel=…&offset=…&stride=2`):
 * lesson 4 links each of our model's first-layer filters here that way, and the playground then says
 * how its numbers relate to the model's.
 */
import {
  PRESETS,
  convolve,
  explainOutputSize,
  formatNumber,
  kernelGain,
  matchPreset,
  parseWeight,
  positionOf,
  range,
  stepAt,
  toGreyLevels,
  type DisplayMode,
  type Grid,
  type Kernel,
  type Step,
} from '../../lib/convolution/convolution.ts';
import { parseFilterSearch, type SharedFilter } from '../../lib/convolution/model-filters.ts';
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { greyCss, h, inkOn, throttle, uid } from '../_kit/dom.ts';
import { mountWithCard } from '../_kit/mount-with-card.ts';
import { prefersReducedMotion } from '../_kit/reduced-motion.ts';
import { channelGrids, type Snapshot } from '../_kit/snapshot.ts';
import { SourceBar } from '../_kit/source-bar.ts';
import {
  carryPosition,
  clampPosition,
  keyTarget,
  pickOnMap,
  pickOnPicture,
  playTick,
} from './stepper.ts';

const fmt = (n: number) => n.toLocaleString('en-GB');
const WINDOW = '#ffb000';
/** Where lesson 4 shows our model's first-layer filters (the links that bring one here start there). */
const MODEL_FILTERS_HREF = '/lessons/stacking-layers/#first-layer-filters';
const SPEEDS = {
  slow: { label: 'Slow', ms: 700, perTick: 1 },
  medium: { label: 'Medium', ms: 180, perTick: 1 },
  fast: { label: 'Fast (a row at a time)', ms: 120, perTick: 'row' },
} as const;
type Speed = keyof typeof SPEEDS;

export function mount(root: HTMLElement): void {
  mountWithCard(
    root,
    '[data-cp-stage]',
    { className: 'cp-error', text: 'The playground could not start' },
    (stage, spec) => new Playground(root, stage, spec),
  );
}

class Playground {
  private readonly spec: ModelInputSpec;
  private readonly root: HTMLElement;
  private readonly bar: SourceBar;
  private input: Grid | null = null;
  private output: Grid | null = null;
  private kernel: Kernel = { weights: [...PRESETS[3]!.weights], divisor: PRESETS[3]!.divisor };
  private stride = 1;
  private padding = 0;
  private mode: DisplayMode = 'clip';
  /** Output position of the filter (reading order). */
  private pos = 0;
  /** True while stepping: the feature map shows only the positions visited so far. */
  private stepping = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private speed: Speed = 'medium';
  private what = 'a drawn smiley';

  private readonly presetButtons: HTMLButtonElement[] = [];
  private readonly weightInputs: HTMLInputElement[] = [];
  private readonly divisorInput: HTMLInputElement;
  private readonly offsetInput: HTMLInputElement;
  private readonly kernelDesc: HTMLElement;
  private readonly kernelError: HTMLElement;
  private readonly inCanvas: HTMLCanvasElement;
  private readonly inWrap: HTMLElement;
  private readonly inLabel: HTMLElement;
  private readonly outCanvas: HTMLCanvasElement;
  private readonly outLabel: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly posText: HTMLElement;
  private readonly calc: HTMLElement;
  private readonly sumText: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly sizeText: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly freezeNote: HTMLElement;
  /** The filter the page's address brought, if any. */
  private readonly shared: SharedFilter | null;

  constructor(root: HTMLElement, stage: HTMLElement, spec: ModelInputSpec) {
    this.root = root;
    this.spec = spec;
    const id = uid('conv');
    if (prefersReducedMotion(root)) this.speed = 'slow';
    this.shared = parseFilterSearch(location.search);
    if (this.shared) {
      this.kernel = { ...this.shared.kernel, weights: [...this.shared.kernel.weights] };
      this.stride = this.shared.options.stride;
      this.padding = this.shared.options.padding;
    }

    this.bar = new SourceBar({
      root,
      onSnapshot: (snap, what) => {
        this.what = what;
        this.setSnapshot(snap);
      },
      onFreeze: (frozen) => {
        this.freezeNote.hidden = true;
        if (!frozen) this.stopStepping();
      },
    });

    // 1. The filter.
    const presets = h('div', {
      class: 'cp-presets',
      role: 'group',
      'aria-label': 'Ready-made filters',
    });
    for (const p of PRESETS) {
      const b = h('button', {
        type: 'button',
        class: 'cp-preset',
        'aria-pressed': 'false',
        'data-preset': p.id,
        text: p.name,
      });
      b.addEventListener('click', () =>
        this.setKernel({ weights: [...p.weights], divisor: p.divisor }, true),
      );
      this.presetButtons.push(b);
      presets.append(b);
    }
    const grid = h('div', { class: 'cp-weights' });
    for (let i = 0; i < 9; i++) {
      const row = Math.floor(i / 3) + 1;
      const col = (i % 3) + 1;
      const input = h('input', {
        type: 'text',
        class: 'cp-weight',
        'aria-label': `Weight, row ${row}, column ${col}`,
        autocomplete: 'off',
        spellcheck: 'false',
        size: 4,
      });
      input.addEventListener('input', () => this.readKernel());
      input.addEventListener('keydown', (e) => this.nudgeWeight(e, input));
      this.weightInputs.push(input);
      grid.append(input);
    }
    this.divisorInput = h('input', {
      type: 'text',
      class: 'cp-weight cp-divisor',
      id: `${id}-divisor`,
      autocomplete: 'off',
      spellcheck: 'false',
      size: 3,
    });
    this.divisorInput.addEventListener('input', () => this.readKernel());
    this.divisorInput.addEventListener('keydown', (e) => this.nudgeWeight(e, this.divisorInput));
    this.offsetInput = h('input', {
      type: 'text',
      class: 'cp-weight cp-offset',
      id: `${id}-offset`,
      autocomplete: 'off',
      spellcheck: 'false',
      size: 4,
    });
    this.offsetInput.addEventListener('input', () => this.readKernel());
    this.offsetInput.addEventListener('keydown', (e) => this.nudgeWeight(e, this.offsetInput));
    this.kernelDesc = h('p', { class: 'cp-kernel-desc' });
    this.kernelError = h('p', { class: 'cp-kernel-error', role: 'status' });

    // 2. The picture and the feature map.
    this.inCanvas = h('canvas', {
      class: 'cp-canvas wsrc-pixels',
      width: 300,
      height: 300,
      'aria-hidden': 'true',
    });
    this.inWrap = h(
      'div',
      {
        class: 'cp-canvas-wrap wsrc-pixels-wrap',
        tabindex: 0,
        role: 'application',
        'aria-roledescription': 'filter position',
        'aria-label': 'The picture with the filter on it',
        'aria-describedby': `${id}-keys`,
      },
      this.inCanvas,
    );
    this.inLabel = h('p', { class: 'cp-view-label' });
    this.outCanvas = h('canvas', {
      class: 'cp-canvas cp-out-canvas wsrc-pixels',
      width: 300,
      height: 300,
      'aria-hidden': 'true',
    });
    this.outLabel = h('p', { class: 'cp-view-label' });

    // 3. Step through.
    const button = (text: string, onClick: () => void, attrs: Record<string, string> = {}) => {
      const b = h(
        'button',
        { type: 'button', class: 'button secondary cp-step-button', ...attrs },
        text,
      );
      b.addEventListener('click', onClick);
      return b;
    };
    this.playButton = button('Play', () => this.togglePlay(), { 'aria-pressed': 'false' });
    const speedSelect = h('select', { id: `${id}-speed`, class: 'cp-speed' });
    for (const [key, s] of Object.entries(SPEEDS))
      speedSelect.append(h('option', { value: key, selected: key === this.speed, text: s.label }));
    speedSelect.addEventListener('change', () => {
      this.speed = speedSelect.value as Speed;
      if (this.timer) this.schedule();
    });
    this.posText = h('p', { class: 'cp-pos' });
    this.calc = h('div', { class: 'cp-calc', 'aria-hidden': 'true' });
    this.sumText = h('p', { class: 'cp-sum' });
    this.announcer = h('div', {
      class: 'visually-hidden',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    });
    this.freezeNote = h('p', {
      class: 'cp-freeze-note',
      hidden: true,
      text: 'The camera picture is frozen while you step through, so the numbers stay still. Press “Freeze the picture” again to go back to live video.',
    });

    // 4. Stride, padding, display.
    const radios = (
      legend: string,
      name: string,
      choices: [string, string][],
      value: string,
      onChange: (v: string) => void,
    ) => {
      const fs = h('fieldset', { class: 'cp-choice' }, h('legend', { text: legend }));
      for (const [v, label] of choices) {
        const input = h('input', {
          type: 'radio',
          name: `${id}-${name}`,
          value: v,
          checked: v === value,
        });
        input.addEventListener('change', () => input.checked && onChange(v));
        fs.append(h('label', {}, input, ` ${label}`));
      }
      return fs;
    };
    const strideSet = radios(
      'Stride: how far the filter jumps',
      'stride',
      [
        ['1', '1 pixel'],
        ['2', '2 pixels'],
        ['3', '3 pixels'],
      ],
      String(this.stride),
      (v) => this.setOptions(Number(v), this.padding),
    );
    const paddingSet = radios(
      'Padding: zeros around the edge',
      'padding',
      [
        ['0', 'None'],
        ['1', '1 ring'],
        ['2', '2 rings'],
      ],
      String(this.padding),
      (v) => this.setOptions(this.stride, Number(v)),
    );
    const modeSet = radios(
      'Show the feature map',
      'mode',
      [
        ['clip', 'Cut to 0–255, like a photo app'],
        ['stretch', 'Stretched: smallest = black, largest = white'],
      ],
      'clip',
      (v) => {
        this.mode = v as DisplayMode;
        this.draw();
      },
    );
    this.sizeText = h('p', { class: 'cp-size-text' });
    this.summary = h('p', { class: 'cp-summary' });

    stage.replaceChildren(
      this.bar.element,
      h(
        'div',
        { class: 'cp-section cp-filter' },
        h('p', { class: 'cp-title', text: '1. Choose a filter, or type your own nine numbers' }),
        presets,
        this.fromModelNote(),
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
              h('label', { for: `${id}-divisor`, text: 'then divide by' }),
              this.divisorInput,
            ),
            h(
              'span',
              { class: 'cp-divide-row' },
              h('label', { for: `${id}-offset`, text: 'then add (the offset)' }),
              this.offsetInput,
            ),
          ),
        ),
        this.kernelDesc,
        this.kernelError,
      ),
      h(
        'div',
        { class: 'cp-section cp-views' },
        h(
          'div',
          { class: 'cp-view' },
          this.inLabel,
          this.inWrap,
          h('p', {
            class: 'cp-keys',
            id: `${id}-keys`,
            text: 'Tap the picture to move the filter, or focus it and use the arrow keys; Space plays and pauses.',
          }),
        ),
        h(
          'div',
          { class: 'cp-view' },
          this.outLabel,
          this.outCanvas,
          h('p', {
            class: 'cp-keys',
            text: 'Tap the feature map to see how one of its numbers was made.',
          }),
        ),
      ),
      h(
        'div',
        { class: 'cp-section cp-stepper' },
        h('p', { class: 'cp-title', text: '2. Watch the filter slide, one step at a time' }),
        h(
          'div',
          {
            class: 'cp-step-controls',
            role: 'group',
            'aria-label': 'Step through the convolution',
          },
          button('Back to the start', () => (this.pause(), this.goTo(0, true, true))),
          button('Step back', () => (this.pause(), this.goTo(this.pos - 1, true, true))),
          this.playButton,
          button('Step forward', () => (this.pause(), this.goTo(this.pos + 1, true, true))),
          button('Show the whole map', () => this.stopStepping()),
          h(
            'span',
            { class: 'cp-speed-box' },
            h('label', { for: `${id}-speed`, text: 'Speed' }),
            speedSelect,
          ),
        ),
        this.freezeNote,
        this.posText,
        this.calc,
        this.sumText,
        this.announcer,
      ),
      h(
        'div',
        { class: 'cp-section cp-settings' },
        h('p', { class: 'cp-title', text: '3. Stride and padding' }),
        h('div', { class: 'cp-choices' }, strideSet, paddingSet),
        this.sizeText,
        modeSet,
      ),
      this.summary,
    );

    this.wire();
    this.writeKernel();
    if (!this.input) this.bar.showDemo(spec, (demo) => this.setSnapshot(demo));
    root.dataset.ready = 'true';
  }

  // ---------- Data ----------

  private setSnapshot(snap: Snapshot): void {
    const gray = channelGrids(snap, this.spec.width, this.spec).gray;
    for (let i = 0; i < gray.length; i++) gray[i] = Math.round(gray[i]!); // whole numbers, so the sums can be checked by hand
    this.input = { width: this.spec.width, height: this.spec.height, data: gray };
    this.recompute();
  }

  private recompute(): void {
    if (!this.input) return;
    const before = this.output;
    this.output = convolve(this.input, this.kernel, { stride: this.stride, padding: this.padding });
    this.pos = carryPosition(this.pos, before, this.output);
    this.updateLabels();
    this.draw();
    this.showStep(false);
    if (this.bar.live && !this.bar.frozen) this.slowSummary();
    else this.updateSummary();
  }

  private readonly slowSummary = throttle(() => this.updateSummary(), 1000);

  private currentStep(): Step | null {
    if (!this.input || !this.output || this.output.width === 0) return null;
    const { x, y } = positionOf(this.pos, this.output.width);
    return stepAt(this.input, this.kernel, { stride: this.stride, padding: this.padding }, x, y);
  }

  // ---------- The filter ----------

  private setKernel(kernel: Kernel, fromPreset = false): void {
    this.kernel = kernel;
    if (fromPreset) this.writeKernel();
    this.describeKernel();
    this.recompute();
  }

  private writeKernel(): void {
    this.kernel.weights.forEach((w, i) => {
      const input = this.weightInputs[i]!;
      input.value = formatNumber(w, 3);
      input.removeAttribute('aria-invalid');
    });
    this.divisorInput.value = formatNumber(this.kernel.divisor, 3);
    this.divisorInput.removeAttribute('aria-invalid');
    this.offsetInput.value = formatNumber(this.kernel.offset ?? 0, 3);
    this.offsetInput.removeAttribute('aria-invalid');
    this.kernelError.textContent = '';
    this.describeKernel();
  }

  private readKernel(): void {
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
      this.kernelError.textContent = badDivisor
        ? 'The number to divide by must be a number other than 0.'
        : `Type a number in every box, like 2, −1, 0.5 or 1/9 (${bad} ${bad === 1 ? 'box is' : 'boxes are'} not a number yet).`;
      return;
    }
    this.kernelError.textContent = '';
    this.setKernel({ weights, divisor: d, offset: offset! });
  }

  private nudgeWeight(e: KeyboardEvent, input: HTMLInputElement): void {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const v = parseWeight(input.value) ?? 0;
    e.preventDefault();
    const next = v + (e.key === 'ArrowUp' ? 1 : -1);
    if (input === this.divisorInput && next === 0) return;
    input.value = formatNumber(next, 3);
    this.readKernel();
  }

  private describeKernel(): void {
    const p = matchPreset(this.kernel);
    for (const b of this.presetButtons)
      b.setAttribute('aria-pressed', String(b.dataset.preset === p?.id));
    const gain = kernelGain(this.kernel);
    const offset = this.kernel.offset ?? 0;
    const gainText =
      Math.abs(gain) < 1e-9
        ? `Its numbers add up to 0, so a flat patch of picture gives ${offset ? 'just the offset' : '0 (black)'}: only changes in brightness show.`
        : Math.abs(gain - 1) < 1e-9
          ? 'Its numbers add up to 1 (after dividing), so the brightness of flat areas stays the same.'
          : `Its numbers add up to ${formatNumber(gain, 2)} (after dividing), so flat areas come out ${gain > 1 ? 'brighter' : gain > 0 ? 'darker' : 'black or negative'}.`;
    const offsetText = offset
      ? ` Then it adds ${formatNumber(offset, 1)} to every sum (its offset), which makes the whole feature map ${offset > 0 ? 'lighter' : 'darker'}.`
      : '';
    const from = this.fromModel();
    const name = p
      ? `${p.name}: `
      : from
        ? `Filter ${from.number} of our network: `
        : 'Your own filter: ';
    this.kernelDesc.replaceChildren(
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

  /**
   * For a filter of our model (lesson 4's links): where its numbers come from and how this view differs
   * from the network's, in sizes worked out from the address and the model card.
   */
  private fromModelNote(): HTMLElement | string {
    const from = this.shared?.from;
    if (!from) return '';
    const { stride, padding } = this.shared!.options;
    const side = this.spec.width;
    const here = explainOutputSize(side, padding, stride).size;
    const model = Math.ceil(side / stride);
    const link = h('a', {
      href: MODEL_FILTERS_HREF,
      text: 'all the filters of that layer in lesson 4',
    });
    return h(
      'div',
      { class: 'cp-from', role: 'note' },
      h(
        'p',
        {},
        h('strong', {
          text: `Filter ${from.number} of our emotion network’s layer ${from.layer}. `,
        }),
        'These are the numbers it learned in training, rounded to two decimals. Back to ',
        link,
        '.',
      ),
      h(
        'p',
        {},
        'Our network reads pixels from 0 to 1, this playground from 0 to 255: so its offset is shown 255 times larger here, and every number in the feature map is 255 times the network’s. ' +
          (stride > 1 ? `Like the network, the filter jumps ${stride} pixels at a time. ` : '') +
          (here !== model && padding === 0
            ? `The network also adds a row and a column of zeros at the bottom and right, so its map is ${model} × ${model} where this one is ${here} × ${here}; the rest is the same. `
            : '') +
          'In the network, the zero-rule (ReLU) comes next: every number below 0 becomes 0. “Cut to 0–255” below shows those as black too.',
      ),
    );
  }

  // ---------- Stride, padding, positions ----------

  private setOptions(stride: number, padding: number): void {
    this.stride = stride;
    this.padding = padding;
    this.recompute();
  }

  private updateLabels(): void {
    const out = this.output!;
    const w = this.spec.width;
    const pad = this.padding
      ? `, plus ${this.padding === 1 ? 'a ring' : `${this.padding} rings`} of zeros`
      : '';
    this.inLabel.textContent = `The picture: ${w} × ${this.spec.height} grey numbers${pad}`;
    this.outLabel.textContent = `The feature map: ${out.width} × ${out.height} numbers`;
    const ex = explainOutputSize(w, this.padding, this.stride);
    const words: string[] = [];
    words.push(
      this.padding === 0
        ? `Without padding the filter cannot hang over the edge, so it fits ${ex.size} times across instead of ${w}.`
        : `The padding adds ${this.padding === 1 ? 'one ring' : `${this.padding} rings`} of zeros around the picture, so the filter can also sit on the edge pixels.`,
    );
    if (this.stride > 1)
      words.push(
        `A stride of ${this.stride} skips ${this.stride - 1} ${this.stride === 2 ? 'position' : 'positions'} each time, so the map is about ${this.stride === 2 ? 'half' : 'a third'} as wide.`,
      );
    if (ex.leftOver > 0)
      words.push(
        `The last ${ex.leftOver === 1 ? 'column and row are' : `${ex.leftOver} columns and rows are`} never reached: the next jump would not fit.`,
      );
    this.sizeText.replaceChildren(
      h('strong', { text: `Feature map size: ${ex.formula}. ` }),
      words.join(' '),
    );
  }

  /** Moves the filter. `step`: from the step buttons, so the feature map fills in as the filter goes. */
  private goTo(index: number, announce: boolean, step = false): void {
    if (!this.output) return;
    const n = this.output.width * this.output.height;
    if (n === 0) return;
    this.freezeLive();
    if (step) this.stepping = true;
    this.pos = clampPosition(index, this.output);
    this.draw();
    this.showStep(announce);
  }

  /** Holds a live camera still while the reader follows one calculation. */
  private freezeLive(): void {
    if (this.bar.live && !this.bar.frozen) {
      this.bar.setFrozen(true);
      this.freezeNote.hidden = false;
    }
  }

  private stopStepping(): void {
    this.pause();
    this.stepping = false;
    this.draw();
    this.showStep(false);
  }

  private togglePlay(): void {
    if (this.timer) this.pause();
    else this.play();
  }

  private play(): void {
    if (!this.output) return;
    const n = this.output.width * this.output.height;
    if (!this.stepping || this.pos >= n - 1) {
      this.freezeLive();
      this.stepping = true;
      this.pos = 0;
      this.draw();
      this.showStep(false);
    }
    this.playButton.textContent = 'Pause';
    this.playButton.setAttribute('aria-pressed', 'true');
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const s = SPEEDS[this.speed];
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.output) return;
      const n = this.output.width * this.output.height;
      this.pos = playTick(this.pos, this.output, s.perTick);
      this.draw();
      this.showStep(false);
      if (this.pos >= n - 1) {
        this.pause();
        this.say('The filter has visited every position: the feature map is complete.');
      } else this.schedule();
    }, s.ms);
  }

  private pause(): void {
    const wasPlaying = this.timer !== null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.playButton.textContent = 'Play';
    this.playButton.setAttribute('aria-pressed', 'false');
    if (wasPlaying) this.showStep(true);
  }

  // ---------- Drawing ----------

  private palette(): { empty: string; pad: string; edge: string } {
    const dark =
      document.documentElement.dataset.theme === 'dark' ||
      (!document.documentElement.dataset.theme &&
        matchMedia('(prefers-color-scheme: dark)').matches);
    return dark
      ? { empty: '#2a2e3a', pad: '#101218', edge: '#8ab4ff' }
      : { empty: '#e9e6de', pad: '#1c1e24', edge: '#0b57d0' };
  }

  private prepare(
    canvas: HTMLCanvasElement,
    cells: number,
  ): { ctx: CanvasRenderingContext2D; side: number; step: number } | null {
    const css = canvas.clientWidth || 300;
    const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
    const side = Math.max(cells, Math.round(css * dpr));
    if (canvas.width !== side) canvas.width = canvas.height = side;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.imageSmoothingEnabled = false;
    return { ctx, side, step: side / cells };
  }

  private tile: HTMLCanvasElement | null = null;

  private blit(
    ctx: CanvasRenderingContext2D,
    grey: Uint8ClampedArray,
    w: number,
    hgt: number,
    x: number,
    y: number,
    dw: number,
    dh: number,
  ): void {
    this.tile ??= document.createElement('canvas');
    const t = this.tile;
    t.width = w;
    t.height = hgt;
    const rgba = new Uint8ClampedArray(w * hgt * 4);
    for (let i = 0; i < w * hgt; i++) {
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = grey[i]!;
      rgba[4 * i + 3] = 255;
    }
    t.getContext('2d')!.putImageData(new ImageData(rgba, w, hgt), 0, 0);
    ctx.drawImage(t, x, y, dw, dh);
  }

  private frame(
    ctx: CanvasRenderingContext2D,
    x: number,
    y: number,
    w: number,
    hgt: number,
    lw: number,
  ): void {
    ctx.lineWidth = lw + 2;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(x, y, w, hgt);
    ctx.lineWidth = lw;
    ctx.strokeStyle = WINDOW;
    ctx.strokeRect(x, y, w, hgt);
  }

  private draw(): void {
    if (!this.input || !this.output) return;
    const pal = this.palette();
    const p = this.padding;
    const cells = this.input.width + 2 * p;
    const inp = this.prepare(this.inCanvas, cells);
    if (inp) {
      const { ctx, side, step } = inp;
      ctx.fillStyle = pal.pad;
      ctx.fillRect(0, 0, side, side);
      if (p > 0) {
        // Padding: dark squares with a dot, so "zeros" read as squares too.
        ctx.fillStyle = 'rgb(255 255 255 / 0.25)';
        for (let r = 0; r < cells; r++)
          for (let c = 0; c < cells; c++) {
            if (r >= p && c >= p && r < cells - p && c < cells - p) continue;
            ctx.beginPath();
            ctx.arc((c + 0.5) * step, (r + 0.5) * step, Math.max(1, step * 0.12), 0, Math.PI * 2);
            ctx.fill();
          }
      }
      const grey = toGreyLevels(this.input, 'clip');
      this.blit(
        ctx,
        grey,
        this.input.width,
        this.input.height,
        p * step,
        p * step,
        this.input.width * step,
        this.input.height * step,
      );
      if (p > 0) {
        ctx.setLineDash([Math.max(2, step), Math.max(2, step)]);
        ctx.lineWidth = Math.max(1, step / 5);
        ctx.strokeStyle = pal.edge;
        ctx.strokeRect(p * step, p * step, this.input.width * step, this.input.height * step);
        ctx.setLineDash([]);
      }
      const s = this.currentStep();
      if (s)
        this.frame(
          ctx,
          (s.inX + p) * step,
          (s.inY + p) * step,
          3 * step,
          3 * step,
          Math.max(2, step / 3),
        );
    }

    const out = this.output;
    const o = this.prepare(this.outCanvas, Math.max(1, out.width));
    if (o && out.width > 0) {
      const { ctx, side, step } = o;
      const grey = toGreyLevels(out, this.mode);
      if (this.stepping) {
        ctx.fillStyle = pal.empty;
        ctx.fillRect(0, 0, side, side);
        const shown = new Uint8ClampedArray(grey);
        // Draw whole visited rows, then the visited part of the current row.
        const { x, y } = positionOf(this.pos, out.width);
        if (y > 0)
          this.blit(ctx, shown.subarray(0, y * out.width), out.width, y, 0, 0, side, y * step);
        this.blit(
          ctx,
          shown.subarray(y * out.width, y * out.width + x + 1),
          x + 1,
          1,
          0,
          y * step,
          (x + 1) * step,
          step,
        );
      } else {
        this.blit(ctx, grey, out.width, out.height, 0, 0, side, side);
      }
      const { x, y } = positionOf(this.pos, out.width);
      this.frame(ctx, x * step, y * step, step, step, Math.max(2, step / 3));
    }
  }

  // ---------- The multiply-and-add ----------

  private showStep(announce: boolean): void {
    const s = this.currentStep();
    const out = this.output;
    if (!s || !out) {
      this.posText.textContent = 'The picture is too small for the filter.';
      this.calc.replaceChildren();
      this.sumText.textContent = '';
      return;
    }
    const n = out.width * out.height;
    this.posText.textContent = `Filter at position ${fmt(this.pos + 1)} of ${fmt(n)}: it makes the number in row ${s.outY + 1}, column ${s.outX + 1} of the feature map.`;
    const mini = (title: string, values: { text: string; bg?: number; pad?: boolean }[]) =>
      h(
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
    this.calc.replaceChildren(
      mini(
        'Pixels under the filter',
        s.cells.map((c) => ({ text: formatNumber(c.pixel), bg: c.pixel, pad: c.padding })),
      ),
      h('span', { class: 'cp-op', text: '×' }),
      mini(
        'Filter numbers',
        s.cells.map((c) => ({ text: formatNumber(c.weight, 2) })),
      ),
      h('span', { class: 'cp-op', text: '=' }),
      mini(
        'Products',
        s.cells.map((c) => ({ text: formatNumber(c.product, 1) })),
      ),
    );
    const offset = this.kernel.offset ?? 0;
    const divided =
      (this.kernel.divisor !== 1
        ? `, divided by ${formatNumber(this.kernel.divisor, 3)}: ${formatNumber(s.sum / this.kernel.divisor, 1)}`
        : '') +
      (offset ? `, plus the offset ${formatNumber(offset, 1)}: ${formatNumber(s.value, 1)}` : '');
    const shown =
      this.mode === 'clip' && s.value < 0
        ? ' Below 0, so it shows as black.'
        : this.mode === 'clip' && s.value > 255
          ? ' Above 255, so it shows as white.'
          : '';
    const pads = s.cells.filter((c) => c.padding).length;
    const padText = pads ? ` ${pads} of the nine squares are padding: they count as 0.` : '';
    this.sumText.replaceChildren(
      'Add up the nine products: ',
      h('strong', { text: formatNumber(s.sum, 1) }),
      `${divided}. That number goes into the feature map.${shown}${padText}`,
    );
    if (announce) {
      const terms = s.cells
        .map((c) => `${formatNumber(c.pixel)} times ${formatNumber(c.weight, 2)}`)
        .join(', ');
      this.say(
        `Row ${s.outY + 1}, column ${s.outX + 1}: ${terms}. Sum ${formatNumber(s.sum, 1)}${divided}.${shown}`,
      );
    }
  }

  private readonly say = throttle((text: string) => {
    this.announcer.textContent = text;
  }, 300);

  private updateSummary(): void {
    const out = this.output;
    if (!out) return;
    const p = matchPreset(this.kernel);
    const { min, max } = range(out.data);
    const name = p ? `the ${p.name} filter` : 'your own filter';
    this.summary.textContent =
      `What the playground shows: ${this.what}, ${this.spec.width} × ${this.spec.height} grey numbers, filtered with ${name}. ` +
      `The feature map has ${out.width} × ${out.height} = ${fmt(out.width * out.height)} numbers, from ${formatNumber(min, 1)} to ${formatNumber(max, 1)}.` +
      (p ? ` ${p.description}` : '');
  }

  // ---------- Input ----------

  private wire(): void {
    const wrap = this.inWrap;
    const outW = () => this.output?.width ?? 0;
    const outH = () => this.output?.height ?? 0;
    wrap.addEventListener('keydown', (e) => {
      const w = outW();
      if (!w) return;
      const target = keyTarget(
        this.pos,
        { width: w, height: outH() },
        { key: e.key, toCorner: e.ctrlKey || e.metaKey },
      );
      switch (e.key) {
        case ' ':
        case 'Enter':
          e.preventDefault();
          this.togglePlay();
          return;
        case 'Escape':
          if (this.stepping) {
            e.preventDefault();
            this.stopStepping();
          }
          return;
      }
      if (target === null) return;
      e.preventDefault();
      this.pause();
      this.goTo(target, true);
    });
    const pickIn = (e: PointerEvent) => {
      const w = outW();
      if (!w || !this.input) return;
      const rect = this.inCanvas.getBoundingClientRect();
      const index = pickOnPicture(
        (e.clientX - rect.left) / rect.width,
        (e.clientY - rect.top) / rect.height,
        this.input.width,
        { stride: this.stride, padding: this.padding },
        { width: w, height: outH() },
      );
      this.pause();
      this.goTo(index, true);
    };
    wrap.addEventListener('pointerdown', pickIn);
    this.outCanvas.addEventListener('pointerdown', (e) => {
      const w = outW();
      if (!w) return;
      const rect = this.outCanvas.getBoundingClientRect();
      const index = pickOnMap(
        (e.clientX - rect.left) / rect.width,
        (e.clientY - rect.top) / rect.height,
        { width: w, height: outH() },
      );
      this.pause();
      this.goTo(index, true);
    });
    new ResizeObserver(() => this.draw()).observe(this.inCanvas);
    const themeObserver = new MutationObserver(() => this.draw());
    themeObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
  }
}
