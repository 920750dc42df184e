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
 * Its markup is the template in ConvolutionPlayground.astro. Its parts: kernel-editor.ts (the
 * filter's numbers and what they do), canvases.ts (the picture and the feature map), explanation.ts
 * (the multiply-and-add in numbers and words), stepper.ts (where the filter goes: play, steps, keys,
 * picks; pure). This file ties them together, with stride, padding and the summary.
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
import { h, throttle } from '../_kit/dom.ts';
import { mountWithCard } from '../_kit/mount-with-card.ts';
import { prefersReducedMotion } from '../_kit/reduced-motion.ts';
import { channelGrids, type Snapshot } from '../_kit/snapshot.ts';
import { SourceBar } from '../_kit/source-bar.ts';
import { Canvases } from './canvases.ts';
import { Explanation } from './explanation.ts';
import { KernelEditor } from './kernel-editor.ts';
import { part } from './parts.ts';
import { formatCount as fmt, playgroundText as t } from './text.ts';
import { SPEEDS, Walk, keyTarget, pickOnMap, pickOnPicture, type Speed } from './stepper.ts';

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
  private readonly explanation: Explanation;
  private readonly sizeText: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly freezeNote: HTMLElement;
  /** The filter the page's address brought, if any. */
  private readonly shared: SharedFilter | null;

  constructor(root: HTMLElement, stage: HTMLElement, spec: ModelInputSpec) {
    this.root = root;
    this.spec = spec;
    if (prefersReducedMotion(root)) this.walk.speed = 'slow';
    this.shared = parseFilterSearch(location.search);
    if (this.shared) {
      this.stride = this.shared.options.stride;
      this.padding = this.shared.options.padding;
    }
    const ui = part<HTMLTemplateElement>(root, 'ui').content.cloneNode(true) as DocumentFragment;

    // 1. The filter: the address's, or Sobel x.
    const sobelX = PRESETS[3]!;
    const start: Kernel = this.shared?.kernel ?? {
      weights: sobelX.weights,
      divisor: sobelX.divisor,
    };
    this.editor = new KernelEditor({
      element: part(ui, 'filter'),
      kernel: { ...start, weights: [...start.weights] },
      shared: this.shared,
      side: spec.width,
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
    this.inCanvas = part<HTMLCanvasElement>(ui, 'picture');
    this.inWrap = part(ui, 'picture-wrap');
    this.inLabel = part(ui, 'picture-label');
    this.outCanvas = part<HTMLCanvasElement>(ui, 'map');
    this.outLabel = part(ui, 'map-label');
    this.canvases = new Canvases(this.inCanvas, this.outCanvas);

    // 3. Step through.
    const onClick = (name: string, act: () => void) =>
      part(ui, name).addEventListener('click', act);
    onClick('start', () => (this.pause(), this.goTo(0, true, true)));
    onClick('back', () => (this.pause(), this.goTo(this.walk.pos - 1, true, true)));
    onClick('play', () => this.togglePlay());
    onClick('forward', () => (this.pause(), this.goTo(this.walk.pos + 1, true, true)));
    onClick('whole', () => this.stopStepping());
    this.playButton = part<HTMLButtonElement>(ui, 'play');
    const speedSelect = part<HTMLSelectElement>(ui, 'speed');
    speedSelect.value = this.walk.speed;
    speedSelect.addEventListener('change', () => {
      this.walk.speed = speedSelect.value as Speed;
      if (this.timer) this.schedule();
    });
    this.freezeNote = part(ui, 'freeze-note');
    this.explanation = new Explanation(ui);

    // 4. Stride, padding, display.
    const radios = (name: string, value: string, onChange: (v: string) => void) => {
      for (const input of ui.querySelectorAll<HTMLInputElement>(`input[name$="-${name}"]`)) {
        input.checked = input.value === value;
        input.addEventListener('change', () => input.checked && onChange(input.value));
      }
    };
    radios('stride', String(this.stride), (v) => this.setOptions(Number(v), this.padding));
    radios('padding', String(this.padding), (v) => this.setOptions(this.stride, Number(v)));
    radios('mode', this.mode, (v) => {
      this.mode = v as DisplayMode;
      this.draw();
    });
    this.sizeText = part(ui, 'size');
    this.summary = part(ui, 'summary');

    stage.replaceChildren(this.bar.element, ui);

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
        this.explanation.say(t('step.complete'));
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
    const out = this.output;
    this.explanation.show(
      this.currentStep(),
      {
        pos: this.walk.pos,
        count: out ? out.width * out.height : 0,
        kernel: this.kernel,
        mode: this.mode,
      },
      announce,
    );
  }

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
