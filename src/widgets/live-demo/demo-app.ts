/**
 * The heavy part of <live-demo>, imported when the reader first picks a picture: runs the shared
 * pipeline (FaceSession + EmotionRuntime) and shows every prediction — the (mirrored) picture with face boxes and
 * labels, the 48×48 crop the model sees, a bar chart of the seven scores, a throttled spoken summary,
 * the feature maps when they are open — and passes it on: a `prediction` event, and, only where the
 * teacher opted in (`share=scores` in the embed address), a message to the page around the iframe
 * (docs/embedding.md).
 */
import { MAX_PREDICTIONS_PER_SECOND, shareWithParent } from '../../lib/embed/messages.ts';
import { emotionWord, percent } from '../../lib/format.ts';
import type { LoadedPipeline } from '../../lib/pipeline/load.ts';
import { tensorCount } from '../../lib/pipeline/load.ts';
import {
  toPredictionMessage,
  type FacePrediction,
  type Prediction,
} from '../../lib/pipeline/types.ts';
import type { DetectorRange } from '../../lib/vision/face-detector.ts';
import type { FrameSource } from '../../lib/vision/types.ts';
import type { FaceSourceElement, SourceChangeDetail } from '../_kit/face-source.ts';
import { EmotionRuntime, keepingUpText } from '../_kit/emotion-runtime.ts';
import { FaceSession } from '../_kit/face-session.ts';
import { drawCrop } from '../_kit/draw-crop.ts';
import { FeatureMapsView } from '../_kit/feature-maps-view.ts';
import { kitText } from '../_kit/text.ts';
import { demoText } from './text.ts';
import { drawFaces, drawFrame, drawNotice, type FaceLabel } from './draw.ts';

type Stage = 'detect' | 'crop' | 'classify' | 'featureMaps' | 'featureMapsDraw' | 'draw' | 'total';
const STAGES: Stage[] = [
  'detect',
  'crop',
  'classify',
  'featureMaps',
  'featureMapsDraw',
  'draw',
  'total',
];

export interface DemoStats {
  /** Predictions since the last resetStats(). */
  frames: number;
  /** Camera frames presented since the last resetStats() that the demo did not handle. */
  missed: number;
  /** Seconds since the last resetStats(). */
  seconds: number;
  /** Frames per second of the whole pipeline (smoothed, from the frame loop). */
  fps: number;
  /** What the webcam loop leaves out to keep up (0: nothing; src/lib/pipeline/load-adapter.ts). */
  reductionStep: number;
  /** The line the reader sees about it ('' when nothing is left out). */
  keepingUp: string;
  backend: string | null;
  range: DetectorRange;
  source: 'webcam' | 'image' | null;
  /** Faces in the last prediction, and the top label of the selected face. */
  faces: number;
  top: string | null;
  /** From the reader's first press to the first prediction / the first prediction with a face, ms. */
  firstPredictionMs: number | null;
  firstFaceMs: number | null;
  /** Mean milliseconds per stage since the last reset (featureMaps: only frames that computed them). */
  ms: Partial<Record<Stage, number>>;
  featureMapFrames: number;
  /**
   * Where the time to the first prediction went, ms after the reader's first press: the demo's code
   * imported, the picture ready (camera started / photo decoded), the face detector and the emotion
   * model ready (downloaded, compiled, warmed up).
   */
  startup: {
    code: number;
    picture: number | null;
    detector: number | null;
    classifier: number | null;
  };
  /** tf.memory().numTensors now (null before TF.js is ready). */
  numTensors: number | null;
  /** Messages posted to a parent window so far. */
  posted: number;
}

const POST_EVERY_MS = 1000 / MAX_PREDICTIONS_PER_SECOND;
const ANNOUNCE_EVERY_MS = 2000;
const TEXT_EVERY_MS = 200;
const NO_FACE_AFTER_MS = 1000;

const part = <T extends Element = HTMLElement>(root: Element, name: string) =>
  root.querySelector<T>(`[data-ld="${name}"]`);

export class DemoApp {
  private readonly el: HTMLElement;
  private readonly picker: FaceSourceElement;
  private readonly session: FaceSession<EmotionRuntime>;
  private readonly view: HTMLCanvasElement;
  private readonly viewCtx: CanvasRenderingContext2D;
  private readonly crop: HTMLCanvasElement;
  /** The <feature-maps> inside the demo (its type is declared by that widget, in the global tag map). */
  private readonly maps: HTMLElementTagNameMap['feature-maps'] | null;
  private readonly requestedAt: number;
  private source: FrameSource | null = null;
  private selectedId: number | null = null;
  private selectedBox: FacePrediction['box'] | null = null;
  private faceKey = '';
  /** Small numbers for the reader ("Face 1") for the pipeline's track ids. */
  private readonly numbers = new Map<number, number>();
  private lastFaceAt = -Infinity;
  private sourceStartedAt = 0;
  private lastPost = -Infinity;
  private lastAnnounce = -Infinity;
  private lastText = -Infinity;
  private announced = '';
  private range: DetectorRange;
  private sums: Record<Stage, number> = blankSums();
  private counts: Record<Stage, number> = blankSums();
  private frames = 0;
  private statsSince = performance.now();
  private missedAtReset = 0;
  private firstPredictionAt: number | null = null;
  private firstFaceAt: number | null = null;
  private posted = 0;
  private last: Prediction | null = null;
  private readonly cleanup: (() => void)[] = [];

  private readonly codeAt: number;
  private pictureAt: number | null = null;

  constructor(el: HTMLElement, requestedAt: number, codeAt = performance.now()) {
    this.el = el;
    this.requestedAt = requestedAt;
    this.codeAt = codeAt;
    if (el.querySelector('face-source')?.source) this.pictureAt = performance.now();
    this.picker = el.querySelector('face-source')!;
    this.view = part<HTMLCanvasElement>(el, 'view')!;
    this.viewCtx = this.view.getContext('2d')!;
    this.crop = part<HTMLCanvasElement>(el, 'crop')!;
    this.maps = el.querySelector('feature-maps');
    if (this.maps && !this.maps.view) this.maps.attach(new FeatureMapsView(this.maps));
    const rangeAttr = el.getAttribute('range');
    this.range = rangeAttr === 'full' || rangeAttr === 'short' ? rangeAttr : this.checkedRange();
    const radio = el.querySelector<HTMLInputElement>(
      `[data-ld="range"] input[value="${this.range}"]`,
    );
    if (radio) radio.checked = true;
    const backend = el.getAttribute('backend') as 'webgl' | 'wasm' | 'cpu' | null;

    this.session = new FaceSession({
      picker: this.picker,
      loadingText: kitText('emotion.loading'),
      createRuntime: (context) =>
        EmotionRuntime.load(context, {
          range: this.range,
          backend: backend ?? undefined,
          wantFeatureMaps: () => (this.maps?.wanted ? (this.selectedBox ?? true) : false),
          onPrediction: (p) => this.onPrediction(p),
        }),
      onSource: (d) => this.onSource(d),
      onReady: (runtime) => this.onReady(runtime.loaded),
    });
    void this.session.load();
    this.session.start();

    const rangeGroup = part(el, 'range');
    if (rangeGroup) {
      const onRange = (e: Event) => {
        const input = e.target as HTMLInputElement;
        if (input.name !== 'range' || !input.checked) return;
        this.range = input.value === 'full' ? 'full' : 'short';
        void this.session.runtime?.setRange(this.range);
      };
      rangeGroup.addEventListener('change', onRange);
      this.cleanup.push(() => rangeGroup.removeEventListener('change', onRange));
    }
    const faces = part(el, 'faces');
    if (faces) {
      const onPick = (e: Event) => {
        const b = (e.target as Element).closest<HTMLButtonElement>('[data-face-id]');
        if (!b) return;
        this.select(Number(b.dataset.faceId));
      };
      faces.addEventListener('click', onPick);
      this.cleanup.push(() => faces.removeEventListener('click', onPick));
    }
    if (this.maps) {
      const onWanted = () => {
        if (this.source && !this.source.live) this.session.runtime?.refresh();
      };
      this.maps.addEventListener('wanted', onWanted);
      this.cleanup.push(() => this.maps?.removeEventListener('wanted', onWanted));
    }
  }

  private checkedRange(): DetectorRange {
    return part<HTMLInputElement>(this.el, 'range')?.querySelector<HTMLInputElement>(
      'input[value="full"]',
    )?.checked
      ? 'full'
      : 'short';
  }

  private centreOnly = false;

  private onReady(loaded: LoadedPipeline): void {
    this.centreOnly = loaded.faceFinder === 'centre';
    const backend = part(this.el, 'backend');
    if (backend) {
      const label = loaded.backendLabel;
      backend.textContent =
        loaded.backend === 'webgl'
          ? label
          : demoText(loaded.softwareWebgl ? 'backend.softwareWebgl' : 'backend.noWebgl', {
              backend: label,
            });
    }
  }

  private onSource(d: SourceChangeDetail): void {
    this.source = d.source;
    if (d.source) this.pictureAt ??= performance.now();
    this.selectedId = null;
    this.selectedBox = null;
    this.numbers.clear();
    this.faceKey = '';
    this.lastFaceAt = -Infinity;
    this.sourceStartedAt = performance.now();
    const stage = part(this.el, 'stage');
    if (!d.source) {
      this.el.removeAttribute('data-running');
      this.setText('summary', demoText('stopped'));
      this.announced = '';
      this.setText('fps', '');
      this.setText('keeping-up', '');
      return;
    }
    if (stage) stage.hidden = false;
    this.el.setAttribute('data-running', d.source.live ? 'webcam' : 'image');
    this.view.setAttribute(
      'aria-label',
      d.source.live
        ? demoText(d.source.mirrored ? 'view.cameraMirrored' : 'view.camera')
        : demoText('view.photo', { name: d.name }),
    );
  }

  private select(id: number): void {
    this.selectedId = id;
    const face = this.last?.faces.find((f) => f.id === id);
    this.selectedBox = face?.box ?? null;
    this.faceKey = ''; // redraw the chips
    if (this.source && !this.source.live) this.session.runtime?.refresh();
  }

  private numberFor(id: number): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      const used = new Set(this.numbers.values());
      n = 1;
      while (used.has(n)) n++;
      this.numbers.set(id, n);
    }
    return n;
  }

  private onPrediction(p: Prediction): void {
    const t0 = performance.now();
    this.firstPredictionAt ??= t0;
    const source = this.source;
    if (!source) return;
    this.last = p;
    // Forget the numbers of faces that left.
    const ids = new Set(p.faces.map((f) => f.id));
    for (const id of [...this.numbers.keys()]) if (!ids.has(id)) this.numbers.delete(id);
    if (this.selectedId !== null && !ids.has(this.selectedId)) this.selectedId = null;
    const selected = p.faces.find((f) => f.id === this.selectedId) ?? p.faces[0] ?? null;
    this.selectedBox = this.selectedId !== null && selected ? selected.box : null;
    if (p.faces.length > 0) {
      this.lastFaceAt = t0;
      this.firstFaceAt ??= t0;
    }

    // The picture, boxes and labels.
    drawFrame(this.viewCtx, source.element, p.frame.width, p.frame.height, source.mirrored);
    const labels: FaceLabel[] = p.faces.map((f) => {
      const said = {
        emotion: emotionWord(f.top, { alone: true, capital: true }),
        score: percent(f.topScore),
      };
      return {
        face: f,
        text:
          p.faces.length > 1
            ? demoText('faceLabelNumbered', { ...said, number: this.numberFor(f.id) })
            : demoText('faceLabel', said),
        selected: f === selected,
      };
    });
    drawFaces(this.viewCtx, labels, source.mirrored);
    const noFace =
      p.faces.length === 0 &&
      (!source.live || t0 - Math.max(this.lastFaceAt, this.sourceStartedAt) > NO_FACE_AFTER_MS);
    if (noFace)
      drawNotice(
        this.viewCtx,
        source.live ? demoText('notice.noFaceOnCamera') : demoText('notice.noFaceInPhoto'),
      );

    // The crop, the bars, the face buttons, the text (text at most 5 times a second).
    if (selected) drawCrop(this.crop, selected.crop, p.cropSize.width, p.cropSize.height);
    this.crop.closest('figure')?.toggleAttribute('data-empty', !selected);
    const textDue = !source.live || t0 - this.lastText >= TEXT_EVERY_MS;
    this.drawBars(p, selected, textDue);
    this.drawChips(p, selected);
    if (textDue) {
      this.lastText = t0;
      this.setText(
        'fps',
        source.live ? demoText('framesPerSecond', { fps: p.fps.toFixed(0) }) : '',
      );
      const reduction = this.session.runtime?.reduction;
      this.setText(
        'keeping-up',
        source.live && reduction ? keepingUpText(reduction, !!this.maps?.wanted) : '',
      );
      this.setText('note', this.note(p, noFace));
    }
    this.announce(p, selected, noFace, t0);
    const drawMs = performance.now() - t0;

    let mapsDrawMs: number | undefined;
    if (p.featureMaps && this.maps) {
      const who =
        p.faces.length > 1
          ? demoText('faceNumber', { number: this.numberFor(p.featureMaps.faceId) })
          : demoText('theFace');
      mapsDrawMs = this.maps.render(p.featureMaps.maps, { faceName: who });
    }

    this.record(p, drawMs, mapsDrawMs);
    this.el.dispatchEvent(
      new CustomEvent('prediction', { detail: p, bubbles: true, composed: true }),
    );
    this.postToParent(p, t0);
  }

  private note(p: Prediction, noFace: boolean): string {
    if (this.centreOnly) return demoText('note.centreOnly');
    if (p.facesFound > p.faces.length)
      return demoText('note.readsLargest', { found: p.facesFound, count: p.faces.length });
    if (noFace) return p.source === 'image' ? kitText('noFaceInPhoto') : kitText('noFaceOnCamera');
    if (p.faces.length > 1) return demoText('note.pickAFace', { count: p.faces.length });
    return '';
  }

  private drawBars(p: Prediction, face: FacePrediction | null, textDue: boolean): void {
    const list = part(this.el, 'bars');
    if (!list) return;
    if (list.childElementCount !== p.labels.length) {
      list.replaceChildren(
        ...p.labels.map((label) => {
          const li = document.createElement('li');
          li.dataset.label = label;
          const name = Object.assign(document.createElement('span'), {
            className: 'ld-bar-name',
            textContent: emotionWord(label, { alone: true, capital: true }),
          });
          const track = Object.assign(document.createElement('span'), {
            className: 'ld-bar-track',
          });
          track.setAttribute('aria-hidden', 'true');
          track.append(Object.assign(document.createElement('span'), { className: 'ld-bar-fill' }));
          const value = Object.assign(document.createElement('span'), {
            className: 'ld-bar-value',
            textContent: '–',
          });
          li.append(name, track, value);
          return li;
        }),
      );
    }
    const items = list.children;
    p.labels.forEach((label, i) => {
      const li = items[i] as HTMLElement;
      const v = face ? face.scores[label]! : 0;
      (li.children[1]!.firstElementChild as HTMLElement).style.transform =
        `scaleX(${v.toFixed(3)})`;
      li.toggleAttribute('data-top', !!face && face.top === label);
      if (textDue) li.children[2]!.textContent = face ? percent(v) : '–';
    });
    if (textDue) {
      const n = face ? this.numberFor(face.id) : 0;
      this.setText(
        'bars-title',
        !face
          ? demoText('bars.noFaceYet')
          : p.faces.length > 1
            ? demoText('bars.forFaceNumber', { number: n })
            : demoText('bars.forTheFace'),
      );
    }
  }

  private drawChips(p: Prediction, selected: FacePrediction | null): void {
    const box = part(this.el, 'faces');
    if (!box) return;
    const key =
      p.faces.length > 1
        ? p.faces
            .map((f) => `${f.id}:${f === selected}`)
            .sort()
            .join(',')
        : '';
    if (key === this.faceKey) return;
    this.faceKey = key;
    if (p.faces.length <= 1) {
      box.replaceChildren();
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const focused = box.contains(document.activeElement)
      ? (document.activeElement as HTMLElement).dataset.faceId
      : undefined;
    const buttons = [...p.faces]
      .sort((a, b) => this.numberFor(a.id) - this.numberFor(b.id))
      .map((f) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'ld-face';
        b.dataset.faceId = String(f.id);
        b.setAttribute('aria-pressed', String(f === selected));
        b.textContent = demoText('faceButton', { number: this.numberFor(f.id) });
        return b;
      });
    box.replaceChildren(...buttons);
    if (focused) buttons.find((b) => b.dataset.faceId === focused)?.focus();
  }

  /** The live region: what changed, in words, at most every two seconds (and at once for a photo). */
  private announce(p: Prediction, face: FacePrediction | null, noFace: boolean, now: number): void {
    let text: string;
    if (face) {
      const said = {
        emotion: emotionWord(face.top, { alone: true, capital: true }).toLowerCase(),
        score: percent(face.topScore),
      };
      text =
        p.faces.length > 1
          ? demoText('announce.manyFaces', {
              ...said,
              count: p.faces.length,
              number: this.numberFor(face.id),
            })
          : demoText('announce.oneFace', said);
    } else if (noFace) {
      text = demoText(p.source === 'image' ? 'announce.noFaceInPhoto' : 'announce.noFace');
    } else {
      return;
    }
    // Compare without the percentage, so that small changes are not read out again and again.
    const gist = text.replace(/\s*\(\d+%\)/, '');
    if (gist === this.announced) return;
    if (p.source === 'webcam' && now - this.lastAnnounce < ANNOUNCE_EVERY_MS) return;
    this.announced = gist;
    this.lastAnnounce = now;
    this.setText('summary', text);
  }

  private setText(name: string, text: string): void {
    const el = part(this.el, name);
    if (el && el.textContent !== text) el.textContent = text;
  }

  /** The scores to the page around the iframe, if the teacher chose to share them (share=scores). */
  private postToParent(p: Prediction, now: number): void {
    if (p.source === 'webcam' && now - this.lastPost < POST_EVERY_MS) return;
    this.lastPost = now;
    if (shareWithParent(this.el, 'scores', toPredictionMessage(p, 'live-demo'))) this.posted++;
  }

  private record(p: Prediction, drawMs: number, mapsDrawMs: number | undefined): void {
    this.frames++;
    const add = (stage: Stage, v: number | undefined) => {
      if (v === undefined) return;
      this.sums[stage] += v;
      this.counts[stage]++;
    };
    add('detect', p.timings.detect);
    add('crop', p.timings.crop);
    add('classify', p.timings.classify);
    add('featureMaps', p.timings.featureMaps);
    add('featureMapsDraw', mapsDrawMs);
    add('draw', drawMs);
    add('total', p.timings.total + drawMs + (mapsDrawMs ?? 0));
  }

  stats(): DemoStats {
    const ms: DemoStats['ms'] = {};
    for (const s of STAGES) if (this.counts[s] > 0) ms[s] = this.sums[s] / this.counts[s];
    const first = this.firstPredictionAt;
    const loaded = this.session.runtime?.loaded;
    const selected = this.last?.faces.find((f) => f.id === this.selectedId) ?? this.last?.faces[0];
    return {
      frames: this.frames,
      missed: Math.max(0, (this.session.runtime?.missed ?? 0) - this.missedAtReset),
      seconds: (performance.now() - this.statsSince) / 1000,
      fps: this.session.runtime?.fps ?? 0,
      reductionStep: this.session.runtime?.reduction.step ?? 0,
      keepingUp: part(this.el, 'keeping-up')?.textContent ?? '',
      backend: loaded?.backend ?? null,
      range: this.range,
      source: this.source ? (this.source.live ? 'webcam' : 'image') : null,
      faces: this.last?.faces.length ?? 0,
      top: selected?.top ?? null,
      firstPredictionMs: first === null ? null : first - this.requestedAt,
      firstFaceMs: this.firstFaceAt === null ? null : this.firstFaceAt - this.requestedAt,
      ms,
      featureMapFrames: this.counts.featureMaps,
      startup: {
        code: this.codeAt - this.requestedAt,
        picture: this.pictureAt === null ? null : this.pictureAt - this.requestedAt,
        detector: loaded ? loaded.readyAt.detector - this.requestedAt : null,
        classifier: loaded ? loaded.readyAt.classifier - this.requestedAt : null,
      },
      numTensors: loaded ? tensorCount() : null,
      posted: this.posted,
    };
  }

  resetStats(): void {
    this.sums = blankSums();
    this.counts = blankSums();
    this.frames = 0;
    this.missedAtReset = this.session.runtime?.missed ?? 0;
    this.statsSince = performance.now();
  }

  dispose(): void {
    for (const c of this.cleanup.splice(0)) c();
    this.session.dispose();
  }
}

function blankSums(): Record<Stage, number> {
  return { detect: 0, crop: 0, classify: 0, featureMaps: 0, featureMapsDraw: 0, draw: 0, total: 0 };
}
