/**
 * The transfer-learning lab's page logic (no TF.js here: runtime.ts brings it when a picture is chosen).
 *
 *   picker (face-source) → runtime: PipelineRunner → every frame's Prediction
 *     → stage: the picture with face boxes (and the new head's answer on each face)
 *     → recording: while a record button is held, one example every 100 ms (features of the largest face)
 *     → after training: the new head's probabilities (bars), and the old head's emotion beside them
 *   Train → head.ts trainHead (Adam, 40 epochs) with the live loss chart (loss-chart.ts, d3)
 *
 * Keyboard: every control is a button or a text field; a record button records while Space or Enter
 * is held (with a photo it adds the photo's faces). Touch: press and hold (no long-press menu).
 */
import type { LazyWidgetElement } from '../_kit/lazy-widget.ts';
import { PictureApp, drawLabel, drawPicture } from '../_kit/picture-app.ts';
import type { FacePrediction, Prediction } from '../../lib/pipeline/types.ts';
import type { TrainedHead } from './head.ts';
import type { LossChart } from './loss-chart.ts';
import type { LabRuntime } from './runtime.ts';
import { percent } from '../../lib/format.ts';

export const MAX_EXAMPLES = 30;
export const MIN_TO_TRAIN = 4;
const RECORD_INTERVAL_MS = 100;
const EPOCHS = 40;
const CROP = 48;

interface Example {
  features: Float32Array;
  crop: Float32Array;
}

interface ClassRow {
  li: HTMLLIElement;
  examples: Example[];
}

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-tl="${name}"]`)!;

class Lab extends PictureApp<LabRuntime> {
  private readonly root: LazyWidgetElement;
  private readonly list: HTMLOListElement;
  private readonly template: HTMLLIElement;
  private readonly rows: ClassRow[] = [];
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private last: Prediction | null = null;
  private recording: number | null = null;
  private lastAdded = 0;
  /** The trained head; dropped when classes are added or removed (its outputs would not match). */
  private head: TrainedHead | null = null;
  private training: AbortController | null = null;
  private chart: LossChart | null = null;
  private smoothed: number[] = [];
  private smoothedAt = 0;
  private announced = { text: '', at: 0 };
  private stageNote = '';
  private readonly minClasses: number;
  private readonly maxClasses: number;

  constructor(root: LazyWidgetElement) {
    super({
      root,
      stage: q(root, 'stage'),
      loadingText: 'Getting the lab ready…',
      createRuntime: async (options) => (await import('./runtime.ts')).createRuntime(options),
    });
    this.root = root;
    this.list = q<HTMLOListElement>(root, 'classes');
    this.template = this.list.querySelector('li')!.cloneNode(true) as HTMLLIElement;
    this.canvas = q<HTMLCanvasElement>(root, 'canvas');
    this.ctx = this.canvas.getContext('2d');
    this.minClasses = Number(root.dataset.minClasses ?? 2);
    this.maxClasses = Number(root.dataset.maxClasses ?? 4);
    for (const li of this.list.querySelectorAll<HTMLLIElement>(':scope > li'))
      this.rows.push({ li, examples: [] });

    const signal = this.signal;
    root.addEventListener('click', (e) => this.onClick(e), { signal });
    root.addEventListener('input', (e) => this.onInput(e), { signal });
    root.addEventListener('pointerdown', (e) => this.onPointerDown(e), { signal });
    root.addEventListener('keydown', (e) => this.onKey(e, true), { signal });
    root.addEventListener('keyup', (e) => this.onKey(e, false), { signal });
    root.addEventListener(
      'contextmenu',
      (e) => {
        if ((e.target as Element).closest('[data-tl="record"]')) e.preventDefault();
      },
      { signal },
    );
    root.addEventListener(
      'focusout',
      (e) => {
        if ((e.target as Element).closest('[data-tl="record"]')) this.stopRecording();
      },
      { signal },
    );

    this.renderClasses();
    this.renderBars();
    // Follows the picker (and shows a picture chosen before this code arrived).
    this.start();
  }

  override destroy(): void {
    this.training?.abort();
    this.head?.dispose();
    this.head = null;
    super.destroy();
  }

  // ---------- sources ----------

  protected override onSourceChange(): void {
    this.stopRecording();
    this.last = null;
    this.smoothed = [];
  }

  protected override onStage(): void {
    this.renderClasses();
  }

  protected override setNote(text: string): void {
    this.setStageNote(text);
  }

  // ---------- every frame ----------

  protected override onPrediction(p: Prediction): void {
    if (!this.source) return;
    this.last = p;
    const rt = this.runtime;
    const faces = p.faces;
    // Features: for the example being recorded, and for the faces the new head reads.
    const wantHead = !!this.head && !this.training;
    let features: Float32Array[] = [];
    const recording =
      this.recording !== null &&
      this.source.live &&
      faces.length > 0 &&
      p.time - this.lastAdded >= RECORD_INTERVAL_MS;
    if (rt && faces.length > 0 && (wantHead || recording)) {
      features = rt.featuresOfCrops(
        (wantHead ? faces.slice(0, 4) : faces.slice(0, 1)).map((f) => f.crop),
      );
      this.drawFeatures(features[0]!);
    }
    if (recording && this.recording !== null) {
      this.addExamples(this.recording, [
        { features: features[0]!, crop: Float32Array.from(faces[0]!.crop) },
      ]);
      this.lastAdded = p.time;
    }
    let labels: string[] = [];
    if (wantHead && features.length > 0) {
      const probs = this.head!.predict(features);
      labels = probs.map((row) => {
        let best = 0;
        for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
        return `${this.className(best)} ${percent(row[best]!)}`;
      });
      this.showPrediction(probs[0]!, p);
    } else if (wantHead) {
      this.showPrediction(null, p);
    }
    this.draw(p, labels);
    const n = faces.length;
    this.setStageNote(
      n === 0
        ? this.source.live
          ? 'No face found. Move into the picture, facing the camera.'
          : 'No face found in this photo. Try another one.'
        : `${n === 1 ? '1 face' : `${n} faces`} found${this.source.live ? '' : ' in the photo'}.`,
    );
  }

  private draw(p: Prediction, labels: string[]): void {
    const ctx = this.ctx;
    const src = this.source;
    if (!ctx || !src) return;
    const { width, height } = p.frame;
    // k: canvas pixels per CSS pixel (labels and lines keep the same size on screen at any width).
    const k = drawPicture(this.canvas, ctx, src, width, height);
    if (k === null) return;
    ctx.lineWidth = 2.5 * k;
    ctx.font = `600 ${Math.round(14 * k)}px system-ui, sans-serif`;
    p.faces.forEach((f: FacePrediction, i) => {
      const bx = (src.mirrored ? 1 - f.box.x - f.box.width : f.box.x) * width;
      const by = f.box.y * height;
      const bw = f.box.width * width;
      const bh = f.box.height * height;
      const recordingThis = i === 0 && this.recording !== null;
      ctx.strokeStyle = recordingThis ? '#ff5a4e' : '#ffd166';
      ctx.strokeRect(bx, by, bw, bh);
      const text = labels[i];
      if (text) drawLabel(ctx, text, bx, by, k);
    });
  }

  private drawFeatures(f: Float32Array): void {
    const strip = q<HTMLCanvasElement>(this.root, 'features');
    strip.hidden = false;
    const c = strip.getContext('2d');
    if (!c) return;
    if (strip.width !== f.length) strip.width = f.length;
    let top = 1e-6;
    for (const v of f) top = Math.max(top, v);
    const img = c.createImageData(f.length, strip.height);
    for (let x = 0; x < f.length; x++) {
      const a = Math.round((f[x]! / top) * 255);
      for (let y = 0; y < strip.height; y++) {
        const o = (y * f.length + x) * 4;
        img.data[o] = 255 - ((255 - 74) * a) / 255;
        img.data[o + 1] = 255 - ((255 - 47) * a) / 255;
        img.data[o + 2] = 255 - ((255 - 184) * a) / 255;
        img.data[o + 3] = 255;
      }
    }
    c.putImageData(img, 0, 0);
  }

  private setStageNote(text: string): void {
    if (text === this.stageNote) return;
    this.stageNote = text;
    q(this.root, 'stage-note').textContent = text;
  }

  // ---------- classes and examples ----------

  private className(i: number): string {
    const row = this.rows[i];
    const value = row ? q<HTMLInputElement>(row.li, 'name').value.trim() : '';
    return value || `Class ${i + 1}`;
  }

  private renderClasses(): void {
    const live = !!this.source?.live;
    const ready = !!this.source && !this.training;
    this.rows.forEach((row, i) => {
      const n = row.examples.length;
      const li = row.li;
      li.dataset.class = String(i);
      li.querySelector('.tl-name > span')!.textContent = `Class ${i + 1}`;
      const remove = q<HTMLButtonElement>(li, 'remove');
      remove.querySelector('.visually-hidden')!.textContent = ` class ${i + 1}`;
      remove.disabled = this.rows.length <= this.minClasses || !!this.training;
      q(li, 'count').textContent =
        `${n} example${n === 1 ? '' : 's'}${n >= MAX_EXAMPLES ? ' (full)' : ''}`;
      q<HTMLButtonElement>(li, 'clear').disabled = n === 0 || !!this.training;
      const record = q<HTMLButtonElement>(li, 'record');
      const full = n >= MAX_EXAMPLES;
      record.setAttribute('aria-disabled', String(!ready || full));
      const label = !this.source
        ? 'Record (choose a picture first)'
        : full
          ? 'Full'
          : live
            ? 'Hold to record'
            : 'Add faces from this photo';
      q(li, 'record-label').textContent = `${label}`;
      record.setAttribute('aria-label', `${label}: ${this.className(i)}`);
      if (live) record.setAttribute('aria-pressed', String(this.recording === i));
      else record.removeAttribute('aria-pressed');
    });
    q<HTMLButtonElement>(this.root, 'add-class').disabled =
      this.rows.length >= this.maxClasses || !!this.training;
    this.renderTrainState();
  }

  private renderThumbs(i: number): void {
    const row = this.rows[i]!;
    const box = q(row.li, 'thumbs');
    // Add only the new ones (recording adds 10 a second).
    while (box.childElementCount > row.examples.length) box.lastElementChild!.remove();
    for (let k = box.childElementCount; k < row.examples.length; k++) {
      const c = document.createElement('canvas');
      c.width = CROP;
      c.height = CROP;
      const x = c.getContext('2d');
      if (x) {
        const img = x.createImageData(CROP, CROP);
        const crop = row.examples[k]!.crop;
        for (let j = 0; j < CROP * CROP; j++) {
          img.data[j * 4] = img.data[j * 4 + 1] = img.data[j * 4 + 2] = crop[j]!;
          img.data[j * 4 + 3] = 255;
        }
        x.putImageData(img, 0, 0);
      }
      box.append(c);
    }
  }

  private addExamples(i: number, examples: Example[]): number {
    const row = this.rows[i];
    if (!row) return 0;
    const room = MAX_EXAMPLES - row.examples.length;
    const added = examples.slice(0, Math.max(0, room));
    row.examples.push(...added);
    if (row.examples.length >= MAX_EXAMPLES) this.stopRecording();
    this.renderThumbs(i);
    this.renderClasses();
    if (added.length > 0 && this.head)
      this.trainStatus('New examples: train again to include them.');
    return added.length;
  }

  private async addFromPhoto(i: number): Promise<void> {
    const rt = this.runtime;
    const p = this.last;
    if (!rt || !p || !this.source || this.source.live) return;
    if (p.faces.length === 0) {
      this.setStageNote(
        'No face found in this photo, so there is nothing to add. Try another photo.',
      );
      return;
    }
    const { mirrorCrop } = await import('./runtime.ts');
    const crops = p.faces.flatMap((f) => [
      Float32Array.from(f.crop),
      mirrorCrop(f.crop, CROP, CROP),
    ]);
    const features = rt.featuresOfCrops(crops);
    const added = this.addExamples(
      i,
      crops.map((crop, k) => ({ crop, features: features[k]! })),
    );
    const faces = p.faces.length;
    this.announce(
      `Added ${added} example${added === 1 ? '' : 's'} to ${this.className(i)}: ${faces === 1 ? 'the face' : `${faces} faces`} in the photo and ${faces === 1 ? 'its' : 'their'} mirror image${faces === 1 ? '' : 's'}.`,
      true,
    );
  }

  private startRecording(i: number): void {
    if (!this.source?.live || this.training || !this.runtime) return;
    if ((this.rows[i]?.examples.length ?? MAX_EXAMPLES) >= MAX_EXAMPLES) return;
    this.recording = i;
    this.lastAdded = 0;
    this.renderClasses();
  }

  private stopRecording(): void {
    if (this.recording === null) return;
    const i = this.recording;
    this.recording = null;
    this.renderClasses();
    const n = this.rows[i]?.examples.length ?? 0;
    this.announce(`${this.className(i)}: ${n} example${n === 1 ? '' : 's'}.`, true);
  }

  private addClass(): void {
    if (this.rows.length >= this.maxClasses) return;
    const li = this.template.cloneNode(true) as HTMLLIElement;
    q<HTMLInputElement>(li, 'name').value = '';
    q<HTMLInputElement>(li, 'name').setAttribute('value', '');
    q(li, 'thumbs').replaceChildren();
    this.list.append(li);
    this.rows.push({ li, examples: [] });
    this.dropHead('You added a class: train the new head again.');
    this.renderClasses();
    this.renderBars();
    q<HTMLInputElement>(li, 'name').focus();
  }

  private removeClass(i: number): void {
    if (this.rows.length <= this.minClasses) return;
    const [row] = this.rows.splice(i, 1);
    row?.li.remove();
    this.dropHead('You removed a class: train the new head again.');
    this.renderClasses();
    this.renderBars();
    q<HTMLButtonElement>(this.root, 'add-class').focus();
  }

  private clearClass(i: number): void {
    const row = this.rows[i];
    if (!row) return;
    row.examples = [];
    this.renderThumbs(i);
    this.renderClasses();
    q<HTMLButtonElement>(row.li, 'record').focus();
    if (this.head) this.trainStatus('Examples cleared: train again when you have new ones.');
  }

  // ---------- training ----------

  private trainProblem(): string | null {
    const short = this.rows.findIndex((r) => r.examples.length < MIN_TO_TRAIN);
    if (short >= 0) {
      const n = this.rows[short]!.examples.length;
      return `${this.className(short)} has ${n} example${n === 1 ? '' : 's'}: give at least ${MIN_TO_TRAIN} to every class first (aim for 10 to 30).`;
    }
    if (!this.runtime) return 'Choose a picture source first: that also loads the network.';
    return null;
  }

  private renderTrainState(): void {
    const train = q<HTMLButtonElement>(this.root, 'train');
    const problem = this.trainProblem();
    train.setAttribute('aria-disabled', String(!!problem || !!this.training));
    if (!this.training && !this.head && problem) this.trainStatus(problem);
    else if (!this.training && !this.head && !problem) this.trainStatus('Ready to train.');
  }

  private trainStatus(text: string): void {
    const el = q(this.root, 'train-status');
    if (el.textContent !== text) el.textContent = text;
  }

  private dropHead(message: string): void {
    if (!this.head) return;
    this.head.dispose();
    this.head = null;
    this.trainStatus(message);
    this.renderBars();
  }

  private async train(): Promise<void> {
    const problem = this.trainProblem();
    if (problem) {
      this.trainStatus(problem);
      return;
    }
    if (this.training) return;
    const rt = this.runtime!;
    this.stopRecording();
    const controller = new AbortController();
    this.training = controller;
    this.root.dataset.training = '';
    const stop = q<HTMLButtonElement>(this.root, 'stop');
    stop.hidden = false;
    this.renderClasses();
    q(this.root, 'chart').hidden = false;
    if (!this.chart) {
      const { LossChart } = await import('./loss-chart.ts');
      this.chart = new LossChart(
        q<SVGSVGElement>(this.root, 'chart-svg') as unknown as SVGSVGElement,
        q<HTMLTableElement>(this.root, 'chart-table'),
      );
    }
    const chart = this.chart;
    chart.reset(EPOCHS);
    const { nextFrame } = await import('./runtime.ts');
    const examples = this.rows.flatMap((r, label) =>
      r.examples.map((e) => ({ features: e.features, label })),
    );
    const t0 = performance.now();
    this.trainStatus(`Training on ${examples.length} examples…`);
    try {
      const head = await rt.train(examples, this.rows.length, {
        epochs: EPOCHS,
        signal: controller.signal,
        onEpoch: async (r) => {
          chart.add(r);
          this.trainStatus(
            `Epoch ${r.epoch} of ${r.epochs}: loss ${r.loss.toFixed(3)}, ${percent(r.accuracy)} of your examples right.`,
          );
          await nextFrame();
        },
      });
      this.head?.dispose();
      this.head = head;
      this.smoothed = [];
      chart.writeTable();
      const lastEpoch = head.history[head.history.length - 1];
      const ms = performance.now() - t0;
      this.root.dataset.trainMs = String(Math.round(ms));
      const secs = (ms / 1000).toFixed(1);
      this.trainStatus(
        lastEpoch
          ? `${head.complete ? 'Trained' : 'Stopped'} after ${lastEpoch.epoch} epoch${lastEpoch.epoch === 1 ? '' : 's'} (${secs} s): the loss went from ${head.history[0]!.loss.toFixed(2)} to ${lastEpoch.loss.toFixed(2)}, and the head gets ${percent(lastEpoch.accuracy)} of your examples right. It learned from those examples, so that is no test: make each face again and watch step 4.`
          : 'Stopped before the first epoch ended.',
      );
      q(this.root, 'head-params').textContent = head.parameters.toLocaleString('en-GB');
      this.root.dataset.trained = '';
    } catch (e) {
      this.trainStatus(`Training failed: ${(e as Error).message}`);
    } finally {
      this.training = null;
      delete this.root.dataset.training;
      stop.hidden = true;
      this.renderClasses();
      this.renderBars();
      // A photo is read once: read it again so the new head answers at once.
      if (this.source && !this.source.live) this.runtime?.runner.refresh();
    }
  }

  // ---------- the new head's answer ----------

  private renderBars(): void {
    const ul = q(this.root, 'bars');
    ul.replaceChildren(
      ...this.rows.map((_, i) => {
        const li = document.createElement('li');
        li.className = 'tl-bar';
        li.innerHTML =
          '<span class="tl-bar-name"></span><span class="tl-bar-track" aria-hidden="true"><span class="tl-bar-fill"></span></span><span class="tl-bar-value">–</span>';
        li.querySelector('.tl-bar-name')!.textContent = this.className(i);
        return li;
      }),
    );
    const help = q(this.root, 'try-help');
    help.textContent = this.head
      ? 'The new head reads every frame: make each of your faces.'
      : 'After training, the new head reads every frame here.';
    if (!this.head) q(this.root, 'old-head').textContent = '';
  }

  private showPrediction(probs: number[] | null, p: Prediction): void {
    const items = q(this.root, 'bars').querySelectorAll<HTMLLIElement>('.tl-bar');
    if (!probs) {
      items.forEach((li) => {
        li.removeAttribute('data-top');
        (li.querySelector('.tl-bar-fill') as HTMLElement).style.width = '0';
        li.querySelector('.tl-bar-value')!.textContent = '–';
      });
      q(this.root, 'old-head').textContent = 'No face in the picture.';
      return;
    }
    // Smooth over about 0.2 s with the webcam, like the emotion demo; a photo shows its numbers as they are.
    if (this.source?.live && this.smoothed.length === probs.length) {
      const dt = Math.max(0, p.time - this.smoothedAt);
      const w = 1 - Math.pow(0.5, dt / 200);
      this.smoothed = this.smoothed.map((s, k) => s + w * (probs[k]! - s));
    } else {
      this.smoothed = [...probs];
    }
    this.smoothedAt = p.time;
    let best = 0;
    this.smoothed.forEach((v, k) => {
      if (v > this.smoothed[best]!) best = k;
    });
    items.forEach((li, k) => {
      const v = this.smoothed[k] ?? 0;
      li.toggleAttribute('data-top', k === best);
      (li.querySelector('.tl-bar-fill') as HTMLElement).style.width = `${(v * 100).toFixed(1)}%`;
      li.querySelector('.tl-bar-value')!.textContent = percent(v);
      li.querySelector('.tl-bar-name')!.textContent = this.className(k);
    });
    const face = p.faces[0];
    q(this.root, 'old-head').textContent = face
      ? `Meanwhile the old head, reading the same frozen trunk, says: ${face.top} (${percent(face.topScore)}).`
      : '';
    this.announce(`New head: ${this.className(best)}, ${percent(this.smoothed[best]!)}.`);
  }

  /** Polite announcements: at most one every 1.5 s unless `now`, and never the same twice in a row. */
  private announce(text: string, now = false): void {
    const t = performance.now();
    if (
      !now &&
      (text.split(',')[0] === this.announced.text.split(',')[0] || t - this.announced.at < 1500)
    )
      return;
    this.announced = { text, at: t };
    q(this.root, 'announce').textContent = text;
  }

  // ---------- input ----------

  private rowIndex(el: Element): number {
    const li = el.closest<HTMLLIElement>('.tl-class');
    return li ? this.rows.findIndex((r) => r.li === li) : -1;
  }

  private onClick(e: MouseEvent): void {
    const target = (e.target as Element).closest<HTMLElement>('button[data-tl]');
    if (!target || !this.root.contains(target)) return;
    const i = this.rowIndex(target);
    switch (target.dataset.tl) {
      case 'record':
        // Photos: a click adds the faces (keyboard presses are handled in onKey).
        if (
          e.detail > 0 &&
          this.source &&
          !this.source.live &&
          target.getAttribute('aria-disabled') !== 'true'
        )
          void this.addFromPhoto(i);
        break;
      case 'remove':
        this.removeClass(i);
        break;
      case 'clear':
        this.clearClass(i);
        break;
      case 'add-class':
        this.addClass();
        break;
      case 'train':
        void this.train();
        break;
      case 'stop':
        this.training?.abort();
        break;
      case 'reset':
        this.resetLab();
        break;
    }
  }

  private onInput(e: Event): void {
    const input = e.target as HTMLElement;
    if (input.dataset.tl !== 'name') return;
    const i = this.rowIndex(input);
    const record = this.rows[i] && q<HTMLButtonElement>(this.rows[i]!.li, 'record');
    if (record)
      record.setAttribute(
        'aria-label',
        `${q(this.rows[i]!.li, 'record-label').textContent}: ${this.className(i)}`,
      );
    const bar = q(this.root, 'bars').querySelectorAll('.tl-bar-name')[i];
    if (bar) bar.textContent = this.className(i);
  }

  private onPointerDown(e: PointerEvent): void {
    const button = (e.target as Element).closest<HTMLButtonElement>('[data-tl="record"]');
    if (!button || e.button !== 0 || !this.source?.live) return;
    if (button.getAttribute('aria-disabled') === 'true') return;
    e.preventDefault(); // no text selection or focus jump while holding
    button.focus();
    try {
      button.setPointerCapture(e.pointerId);
    } catch {
      // capture is a nicety
    }
    this.startRecording(this.rowIndex(button));
    const end = () => {
      button.removeEventListener('pointerup', end);
      button.removeEventListener('pointercancel', end);
      button.removeEventListener('lostpointercapture', end);
      this.stopRecording();
    };
    button.addEventListener('pointerup', end);
    button.addEventListener('pointercancel', end);
    button.addEventListener('lostpointercapture', end);
  }

  private onKey(e: KeyboardEvent, down: boolean): void {
    const button = (e.target as Element).closest<HTMLButtonElement>('[data-tl="record"]');
    if (!button || (e.key !== ' ' && e.key !== 'Enter')) return;
    e.preventDefault(); // the button's own click would add twice
    if (!down) {
      this.stopRecording();
      return;
    }
    if (e.repeat || button.getAttribute('aria-disabled') === 'true' || !this.source) return;
    const i = this.rowIndex(button);
    if (this.source.live) this.startRecording(i);
    else void this.addFromPhoto(i);
  }

  private resetLab(): void {
    this.training?.abort();
    this.stopRecording();
    this.rows.forEach((r, i) => {
      r.examples = [];
      this.renderThumbs(i);
    });
    this.head?.dispose();
    this.head = null;
    delete this.root.dataset.trained;
    this.chart?.reset(EPOCHS);
    q(this.root, 'chart').hidden = true;
    q<HTMLCanvasElement>(this.root, 'features').hidden = true;
    this.trainStatus('');
    this.renderClasses();
    this.renderBars();
    this.announce('The lab is empty again: all examples and the trained head were removed.', true);
  }
}

export function mount(root: LazyWidgetElement): void {
  const lab = new Lab(root);
  root.teardown = () => lab.destroy();
}
