/**
 * The transfer-learning lab's page logic (no TF.js here: runtime.ts brings it when a picture is chosen).
 * It ties the pure LabState (lab-state.ts) to the page's parts:
 *
 *   picker (face-source) → runtime: PipelineRunner → every frame's Prediction
 *     → stage.ts: the picture with face boxes (and the new head's answer on each face)
 *     → recording (recorder.ts: hold a record button): one example every 100 ms (features of the largest face)
 *     → after training: bars.ts, the new head's probabilities, and the old head's emotion beside them
 *   class-list.ts: the classes and their examples · train-panel.ts: Train → head.ts trainHead
 *   (Adam, 40 epochs) with the live loss chart (loss-chart.ts, d3)
 *
 * Keyboard: every control is a button or a text field; a record button records while Space or Enter
 * is held (with a photo it adds the photo's faces). Touch: press and hold (no long-press menu).
 */
import type { LazyWidgetElement } from '../_kit/lazy-widget.ts';
import { PictureApp } from '../_kit/picture-app.ts';
import { kitText } from '../_kit/text.ts';
import type { Prediction } from '../../lib/pipeline/types.ts';
import { percent } from '../../lib/format.ts';
import { Bars } from './bars.ts';
import { CROP, ClassList } from './class-list.ts';
import type { TrainedHead } from './head.ts';
import { argmax } from '../../lib/stats.ts';
import {
  LabState,
  shouldAnnounce,
  smoothProbabilities,
  type Announced,
  type Source,
} from './lab-state.ts';
import { listenToRecordButtons } from './recorder.ts';
import type { LabRuntime } from './runtime.ts';
import { Stage } from './stage.ts';
import { labText as t } from './text.ts';
import { TrainPanel, epochText, problemText, resultText } from './train-panel.ts';

const RECORD_INTERVAL_MS = 100;
const EPOCHS = 40;

interface Example {
  features: Float32Array;
  crop: Float32Array;
}

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-tl="${name}"]`)!;

class Lab extends PictureApp<LabRuntime> {
  private readonly root: LazyWidgetElement;
  private readonly state: LabState<Example, TrainedHead>;
  private readonly classes: ClassList;
  private readonly stage: Stage;
  private readonly panel: TrainPanel;
  private readonly bars: Bars;
  private last: Prediction | null = null;
  private lastAdded = 0;
  private training: AbortController | null = null;
  private smoothed: number[] = [];
  private smoothedAt = 0;
  private announced: Announced = { text: '', at: 0 };

  constructor(root: LazyWidgetElement) {
    super({
      root,
      stage: q(root, 'stage'),
      loadingText: t('loading'),
      createRuntime: async (options) => (await import('./runtime.ts')).createRuntime(options),
    });
    this.root = root;
    this.classes = new ClassList(root);
    this.state = new LabState(this.classes.names(), {
      minClasses: Number(root.dataset.minClasses ?? 2),
      maxClasses: Number(root.dataset.maxClasses ?? 4),
    });
    this.stage = new Stage(root);
    this.panel = new TrainPanel(root);
    this.bars = new Bars(root);

    const signal = this.signal;
    root.addEventListener('click', (e) => this.onClick(e), { signal });
    root.addEventListener('input', (e) => this.onInput(e), { signal });
    listenToRecordButtons(
      root,
      {
        live: () => (this.source ? this.source.live : null),
        rowIndex: (button) => this.classes.rowIndex(button),
        start: (i) => this.startRecording(i),
        stop: () => this.stopRecording(),
        addFromPhoto: (i) => void this.addFromPhoto(i),
      },
      signal,
    );

    this.renderClasses();
    this.renderBars();
    // Follows the picker (and shows a picture chosen before this code arrived).
    this.start();
  }

  override destroy(): void {
    this.training?.abort();
    this.state.dropHead();
    super.destroy();
  }

  private get picture(): Source {
    return this.source ? { live: this.source.live } : null;
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
    this.stage.setNote(text);
  }

  // ---------- every frame ----------

  protected override onPrediction(p: Prediction): void {
    const source = this.source;
    if (!source) return;
    this.last = p;
    const rt = this.runtime;
    const faces = p.faces;
    const head = this.state.head;
    const recordingClass = this.state.recording;
    // Features: for the example being recorded, and for the faces the new head reads.
    const wantHead = !!head && !this.training;
    let features: Float32Array[] = [];
    const recording =
      recordingClass !== null &&
      source.live &&
      faces.length > 0 &&
      p.time - this.lastAdded >= RECORD_INTERVAL_MS;
    if (rt && faces.length > 0 && (wantHead || recording)) {
      features = rt.featuresOfCrops(
        (wantHead ? faces.slice(0, 4) : faces.slice(0, 1)).map((f) => f.crop),
      );
      this.stage.drawFeatures(features[0]!);
    }
    if (recording && recordingClass !== null) {
      this.addExamples(recordingClass, [
        { features: features[0]!, crop: Float32Array.from(faces[0]!.crop) },
      ]);
      this.lastAdded = p.time;
    }
    let labels: string[] = [];
    if (wantHead && features.length > 0) {
      const probs = head!.predict(features);
      labels = probs.map((row) => {
        const best = argmax(row);
        return `${this.state.className(best)} ${percent(row[best]!)}`;
      });
      this.showPrediction(probs[0]!, p);
    } else if (wantHead) {
      this.bars.showNoFace();
    }
    this.stage.draw(source, p, labels, this.state.recording !== null);
    const n = faces.length;
    this.stage.setNote(
      n === 0
        ? kitText(source.live ? 'noFaceOnCamera' : 'noFaceInPhoto')
        : t(source.live ? 'stage.facesFound' : 'stage.facesFoundInPhoto', { count: n }),
    );
  }

  // ---------- classes and examples ----------

  private renderClasses(): void {
    this.classes.render(this.state, this.picture);
    this.renderTrainState();
  }

  private renderThumbs(i: number): void {
    this.classes.renderThumbs(
      i,
      this.state.examples(i).map((e) => e.crop),
    );
  }

  private addExamples(i: number, examples: Example[]): number {
    const added = this.state.add(i, examples);
    if (this.state.isFull(i)) this.stopRecording();
    this.renderThumbs(i);
    this.renderClasses();
    if (added > 0 && this.state.head) this.panel.status(t('head.newExamples'));
    return added;
  }

  private async addFromPhoto(i: number): Promise<void> {
    const rt = this.runtime;
    const p = this.last;
    if (!rt || !p || !this.source || this.source.live) return;
    if (p.faces.length === 0) {
      this.stage.setNote(t('stage.nothingToAdd'));
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
    this.announce(
      t('addedFromPhoto', {
        count: p.faces.length,
        examples: t('examples', { count: added }),
        name: this.state.className(i),
      }),
      true,
    );
  }

  private startRecording(i: number): void {
    if (!this.source?.live || this.training || !this.runtime) return;
    if (!this.state.startRecording(i)) return;
    this.lastAdded = 0;
    this.renderClasses();
  }

  private stopRecording(): void {
    const i = this.state.stopRecording();
    if (i === null) return;
    this.renderClasses();
    this.announce(
      t('recorded', {
        name: this.state.className(i),
        examples: t('examples', { count: this.state.count(i) }),
      }),
      true,
    );
  }

  private addClass(): void {
    if (!this.state.addClass()) return;
    this.classes.appendRow();
    this.dropHead(t('head.classAdded'));
    this.renderClasses();
    this.renderBars();
  }

  private removeClass(i: number): void {
    if (!this.state.removeClass(i)) return;
    this.classes.removeRow(i);
    this.dropHead(t('head.classRemoved'));
    this.renderClasses();
    this.renderBars();
    this.classes.focusAddButton();
  }

  private clearClass(i: number): void {
    if (i < 0 || i >= this.state.classCount) return;
    this.state.clear(i);
    this.renderThumbs(i);
    this.renderClasses();
    this.classes.recordButton(i)?.focus();
    if (this.state.head) this.panel.status(t('head.examplesCleared'));
  }

  // ---------- training ----------

  private trainProblem(): string | null {
    const problem = this.state.trainProblem(!!this.runtime);
    return problem && problemText(problem, this.state);
  }

  private renderTrainState(): void {
    const problem = this.trainProblem();
    this.panel.setTrainable(!problem && !this.training);
    if (!this.training && !this.state.head) this.panel.status(problem ?? t('train.ready'));
  }

  private dropHead(message: string): void {
    if (!this.state.dropHead()) return;
    this.panel.status(message);
    this.renderBars();
  }

  private async train(): Promise<void> {
    const problem = this.trainProblem();
    if (problem) {
      this.panel.status(problem);
      return;
    }
    if (this.training) return;
    const rt = this.runtime!;
    this.stopRecording();
    const controller = new AbortController();
    this.training = controller;
    this.state.training = true;
    this.root.dataset.training = '';
    this.renderClasses();
    const chart = await this.panel.begin(EPOCHS);
    const { nextFrame } = await import('./runtime.ts');
    const examples = this.state
      .labelled()
      .map(({ example, label }) => ({ features: example.features, label }));
    const t0 = performance.now();
    this.panel.status(t('train.training', { count: examples.length }));
    try {
      const head = await rt.train(examples, this.state.classCount, {
        epochs: EPOCHS,
        signal: controller.signal,
        onEpoch: async (r) => {
          chart.add(r);
          this.panel.status(epochText(r));
          await nextFrame();
        },
      });
      this.state.setHead(head);
      this.smoothed = [];
      chart.writeTable();
      const ms = performance.now() - t0;
      this.root.dataset.trainMs = String(Math.round(ms));
      this.panel.status(resultText(head, ms));
      this.panel.showParameters(head);
      this.root.dataset.trained = '';
    } catch (e) {
      this.panel.status(t('train.failed', { message: (e as Error).message }));
    } finally {
      this.training = null;
      this.state.training = false;
      delete this.root.dataset.training;
      this.panel.end();
      this.renderClasses();
      this.renderBars();
      // A photo is read once: read it again so the new head answers at once.
      if (this.source && !this.source.live) this.runtime?.runner.refresh();
    }
  }

  // ---------- the new head's answer ----------

  private renderBars(): void {
    this.bars.render(this.state.classNames(), !!this.state.head);
  }

  private showPrediction(probs: number[], p: Prediction): void {
    this.smoothed = smoothProbabilities(
      this.smoothed,
      probs,
      p.time - this.smoothedAt,
      !!this.source?.live,
    );
    this.smoothedAt = p.time;
    const names = this.state.classNames();
    this.bars.show(this.smoothed, names, p.faces[0]);
    const best = argmax(this.smoothed);
    this.announce(
      t('try.announce', { name: names[best]!, percent: percent(this.smoothed[best]!) }),
    );
  }

  private announce(text: string, now = false): void {
    const at = performance.now();
    if (!shouldAnnounce(this.announced, text, at, now)) return;
    this.announced = { text, at };
    q(this.root, 'announce').textContent = text;
  }

  // ---------- input ----------

  private onClick(e: MouseEvent): void {
    const target = (e.target as Element).closest<HTMLElement>('button[data-tl]');
    if (!target || !this.root.contains(target)) return;
    const i = this.classes.rowIndex(target);
    switch (target.dataset.tl) {
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
    const input = e.target as HTMLInputElement;
    if (input.dataset.tl !== 'name') return;
    const i = this.classes.rowIndex(input);
    this.state.rename(i, input.value);
    const name = this.state.className(i);
    this.classes.nameRecordButton(i, name);
    this.bars.rename(i, name);
  }

  private resetLab(): void {
    this.training?.abort();
    this.stopRecording();
    this.state.reset();
    for (let i = 0; i < this.state.classCount; i++) this.renderThumbs(i);
    delete this.root.dataset.trained;
    this.panel.reset(EPOCHS);
    this.stage.hideFeatures();
    this.renderClasses();
    this.renderBars();
    this.announce(t('reset.done'), true);
  }
}

export function mount(root: LazyWidgetElement): void {
  const lab = new Lab(root);
  root.teardown = () => lab.destroy();
}
