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
 * Its parts: kernel-editor.ts (the filter's numbers and what they do), canvases.ts (the picture and
 * the feature map), stepper.ts (where the filter goes: play, steps, keys, picks; pure). This file
 * builds the rest of the page and ties them together.
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
  matchPreset,
  positionOf,
  range,
  stepAt,
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
import { Canvases } from './canvases.ts';
import { KernelEditor } from './kernel-editor.ts';
import { playgroundText as t } from './text.ts';
import { SPEEDS, Walk, keyTarget, pickOnMap, pickOnPicture, type Speed } from './stepper.ts';

const fmt = (n: number) => n.toLocaleString('en-GB');
/** Where lesson 4 shows our model's first-layer filters (the links that bring one here start there). */
const MODEL_FILTERS_HREF = '/lessons/stacking-layers/#first-layer-filters';

export function mount(root: HTMLElement): void {
  mountWithCard(
    root,
    '[data-cp-stage]',
    { className: 'cp-error', text: t('couldNotStart') },
    (stage, spec) => new Playground(root, stage, spec),
  );
}

class Playground {
  private readonly spec: ModelInputSpec;
  private readonly root: HTMLElement;
  private readonly bar: SourceBar;
  private input: Grid | null = null;
  private output: Grid | null = null;
  private stride = 1;
  private padding = 0;
  private mode: DisplayMode = 'clip';
  /** Where the filter is, whether the map fills in step by step, whether it plays (stepper.ts). */
  private readonly walk = new Walk();
  /** Set while playing: the next tick. */
  private timer: ReturnType<typeof setTimeout> | null = null;
  private what = t('demoPicture');

  private readonly editor: KernelEditor;
  private readonly inCanvas: HTMLCanvasElement;
  private readonly inWrap: HTMLElement;
  private readonly inLabel: HTMLElement;
  private readonly outCanvas: HTMLCanvasElement;
  private readonly outLabel: HTMLElement;
  private readonly canvases: Canvases;
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
    if (prefersReducedMotion(root)) this.walk.speed = 'slow';
    this.shared = parseFilterSearch(location.search);
    if (this.shared) {
      this.stride = this.shared.options.stride;
      this.padding = this.shared.options.padding;
    }
    // 1. The filter: the address's, or Sobel x.
    const sobelX = PRESETS[3]!;
    const start: Kernel = this.shared?.kernel ?? {
      weights: sobelX.weights,
      divisor: sobelX.divisor,
    };
    this.editor = new KernelEditor({
      id,
      kernel: { ...start, weights: [...start.weights] },
      shared: this.shared,
      note: this.fromModelNote(),
      onChange: () => this.recompute(),
    });

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
        'aria-roledescription': t('view.roleDescription'),
        'aria-label': t('view.picture'),
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
    this.canvases = new Canvases(this.inCanvas, this.outCanvas);

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
    this.playButton = button(t('step.play'), () => this.togglePlay(), { 'aria-pressed': 'false' });
    const speedSelect = h('select', { id: `${id}-speed`, class: 'cp-speed' });
    for (const [key, s] of Object.entries(SPEEDS))
      speedSelect.append(
        h('option', { value: key, selected: key === this.walk.speed, text: t(s.label) }),
      );
    speedSelect.addEventListener('change', () => {
      this.walk.speed = speedSelect.value as Speed;
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
      text: t('step.frozen'),
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
      t('settings.stride'),
      'stride',
      [
        ['1', t('settings.stride1')],
        ['2', t('settings.stride2')],
        ['3', t('settings.stride3')],
      ],
      String(this.stride),
      (v) => this.setOptions(Number(v), this.padding),
    );
    const paddingSet = radios(
      t('settings.padding'),
      'padding',
      [
        ['0', t('settings.padding0')],
        ['1', t('settings.padding1')],
        ['2', t('settings.padding2')],
      ],
      String(this.padding),
      (v) => this.setOptions(this.stride, Number(v)),
    );
    const modeSet = radios(
      t('settings.mode'),
      'mode',
      [
        ['clip', t('settings.clip')],
        ['stretch', t('settings.stretch')],
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
      this.editor.element,
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
            text: t('view.pictureKeys'),
          }),
        ),
        h(
          'div',
          { class: 'cp-view' },
          this.outLabel,
          this.outCanvas,
          h('p', {
            class: 'cp-keys',
            text: t('view.mapKeys'),
          }),
        ),
      ),
      h(
        'div',
        { class: 'cp-section cp-stepper' },
        h('p', { class: 'cp-title', text: t('step.title') }),
        h(
          'div',
          {
            class: 'cp-step-controls',
            role: 'group',
            'aria-label': t('step.controls'),
          },
          button(t('step.start'), () => (this.pause(), this.goTo(0, true, true))),
          button(t('step.back'), () => (this.pause(), this.goTo(this.walk.pos - 1, true, true))),
          this.playButton,
          button(t('step.forward'), () => (this.pause(), this.goTo(this.walk.pos + 1, true, true))),
          button(t('step.whole'), () => this.stopStepping()),
          h(
            'span',
            { class: 'cp-speed-box' },
            h('label', { for: `${id}-speed`, text: t('step.speed') }),
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
        h('p', { class: 'cp-title', text: t('settings.title') }),
        h('div', { class: 'cp-choices' }, strideSet, paddingSet),
        this.sizeText,
        modeSet,
      ),
      this.summary,
    );

    this.wire();
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
    this.walk.carry(before, this.output);
    this.updateLabels();
    this.draw();
    this.showStep(false);
    if (this.bar.live && !this.bar.frozen) this.slowSummary();
    else this.updateSummary();
  }

  private readonly slowSummary = throttle(() => this.updateSummary(), 1000);

  private currentStep(): Step | null {
    if (!this.input || !this.output || this.output.width === 0) return null;
    const { x, y } = positionOf(this.walk.pos, this.output.width);
    return stepAt(this.input, this.kernel, { stride: this.stride, padding: this.padding }, x, y);
  }

  // ---------- The filter ----------

  private get kernel(): Kernel {
    return this.editor.kernel;
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

  // ---------- Stride, padding, positions ----------

  private setOptions(stride: number, padding: number): void {
    this.stride = stride;
    this.padding = padding;
    this.recompute();
  }

  private updateLabels(): void {
    const out = this.output!;
    const w = this.spec.width;
    const size = { width: w, height: this.spec.height };
    this.inLabel.textContent = this.padding
      ? t('view.pictureLabelPadded', { ...size, count: this.padding })
      : t('view.pictureLabel', size);
    this.outLabel.textContent = t('view.mapLabel', { width: out.width, height: out.height });
    const ex = explainOutputSize(w, this.padding, this.stride);
    const words: string[] = [];
    words.push(
      this.padding === 0
        ? t('size.noPadding', { size: ex.size, width: w })
        : t('size.padding', { count: this.padding }),
    );
    // Stride is 1, 2 or 3 (the radios, and the address: model-filters.ts).
    if (this.stride > 1) words.push(t(this.stride === 2 ? 'size.stride2' : 'size.stride3'));
    if (ex.leftOver > 0) words.push(t('size.leftOver', { count: ex.leftOver }));
    this.sizeText.replaceChildren(
      h('strong', { text: t('size.formula', { formula: ex.formula }) }),
      words.join(' '),
    );
  }

  /** Moves the filter. `step`: from the step buttons, so the feature map fills in as the filter goes. */
  private goTo(index: number, announce: boolean, step = false): void {
    if (!this.output) return;
    const n = this.output.width * this.output.height;
    if (n === 0) return;
    this.freezeLive();
    this.walk.goTo(index, this.output, step);
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
    this.walk.stopStepping();
    this.draw();
    this.showStep(false);
  }

  private togglePlay(): void {
    if (this.walk.playing) this.pause();
    else this.play();
  }

  private play(): void {
    if (!this.output) return;
    if (this.walk.play(this.output)) {
      this.freezeLive();
      this.draw();
      this.showStep(false);
    }
    this.playButton.textContent = t('step.pause');
    this.playButton.setAttribute('aria-pressed', 'true');
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const s = SPEEDS[this.walk.speed];
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.output) return;
      const done = this.walk.tick(this.output);
      this.draw();
      this.showStep(false);
      if (done) {
        this.pause();
        this.say(t('step.complete'));
      } else this.schedule();
    }, s.ms);
  }

  private pause(): void {
    const wasPlaying = this.walk.pause();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.playButton.textContent = t('step.play');
    this.playButton.setAttribute('aria-pressed', 'false');
    if (wasPlaying) this.showStep(true);
  }

  // ---------- Drawing ----------

  private draw(): void {
    if (!this.input || !this.output) return;
    this.canvases.draw({
      input: this.input,
      output: this.output,
      padding: this.padding,
      mode: this.mode,
      stepping: this.walk.stepping,
      pos: this.walk.pos,
      step: this.currentStep(),
    });
  }

  // ---------- The multiply-and-add ----------

  private showStep(announce: boolean): void {
    const s = this.currentStep();
    const out = this.output;
    if (!s || !out) {
      this.posText.textContent = t('step.tooSmall');
      this.calc.replaceChildren();
      this.sumText.textContent = '';
      return;
    }
    const n = out.width * out.height;
    this.posText.textContent = t('step.position', {
      position: fmt(this.walk.pos + 1),
      count: fmt(n),
      row: s.outY + 1,
      column: s.outX + 1,
    });
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
    const offset = this.kernel.offset ?? 0;
    const divided =
      (this.kernel.divisor !== 1
        ? t('step.divided', {
            divisor: formatNumber(this.kernel.divisor, 3),
            value: formatNumber(s.sum / this.kernel.divisor, 1),
          })
        : '') +
      (offset
        ? t('step.plusOffset', {
            offset: formatNumber(offset, 1),
            value: formatNumber(s.value, 1),
          })
        : '');
    const shown =
      this.mode === 'clip' && s.value < 0
        ? t('step.belowZero')
        : this.mode === 'clip' && s.value > 255
          ? t('step.above255')
          : '';
    const pads = s.cells.filter((c) => c.padding).length;
    const padding = pads ? t('step.padding', { count: pads }) : '';
    this.sumText.replaceChildren(
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

  private readonly say = throttle((text: string) => {
    this.announcer.textContent = text;
  }, 300);

  private updateSummary(): void {
    const out = this.output;
    if (!out) return;
    const p = matchPreset(this.kernel);
    const { min, max } = range(out.data);
    this.summary.textContent =
      t('summary.text', {
        what: this.what,
        width: this.spec.width,
        height: this.spec.height,
        filter: p ? t('summary.preset', { name: p.name }) : t('summary.yourOwn'),
        mapWidth: out.width,
        mapHeight: out.height,
        count: fmt(out.width * out.height),
        min: formatNumber(min, 1),
        max: formatNumber(max, 1),
      }) + (p ? ` ${p.description}` : '');
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
        this.walk.pos,
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
          if (this.walk.stepping) {
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
