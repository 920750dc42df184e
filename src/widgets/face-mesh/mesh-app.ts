/**
 * The face-mesh widget's page logic (no TF.js here: mesh-runtime.ts brings it when a picture is chosen).
 *
 *   picker (face-source) → PipelineRunner → every frame's Prediction (+ the detector's keypoints)
 *     → mesh model on the largest face (webcam, following it from frame to frame) or on every face
 *       of a photo (twice: the second time on the region its first points give)
 *     → measure() → classify() against the neutral face (a typical one from FER2013, or the reader's)
 *     → canvas: picture, mesh lines, points, the points of the selected measurements
 *     → table of measurements, rules with how close each is, the rules' verdict beside the CNN's
 *
 * If the mesh model cannot load, the widget shows the face finder's six keypoints and says why.
 */
import type { LazyWidgetElement } from '../_kit/lazy-widget.ts';
import { PictureApp } from '../_kit/picture-app.ts';
import { prefersReducedMotion } from '../_kit/reduced-motion.ts';
import { kitText } from '../_kit/text.ts';
import {
  MEASURES,
  MESH_POINTS,
  TYPICAL_NEUTRAL,
  averageMeasures,
  classify,
  compare,
  describeChanges,
  measure,
  type Classification,
  type MeasureId,
  type Measures,
} from '../../lib/landmarks/features.ts';
import type { MeshResult } from '../../lib/landmarks/facemesh.ts';
import { MESH_EDGES, OUTLINES } from '../../lib/landmarks/topology.ts';
import type { Prediction } from '../../lib/pipeline/types.ts';
import { overlap } from '../../lib/ml/smoothing.ts';
import { KEYPOINT_NAMES } from '../../lib/vision/face-detector.ts';
import type { DetectedFace, FrameSource } from '../../lib/vision/types.ts';
import type { MeshRuntime } from './mesh-runtime.ts';
import { percent } from '../../lib/format.ts';
import { meshText } from './text.ts';

/** The typical neutral face: medians of FER2013's neutral training faces (scripts/measure-fer2013.ts). */
const TYPICAL: Measures = { ...TYPICAL_NEUTRAL };
const CALIBRATION_FRAMES = 12;
/** Below this the mesh model is not sure it sees a face: no measurements. */
const MIN_MESH_SCORE = 0.5;

/** Segments drawn for each measurement (pairs of landmark numbers). */
const SEGMENTS: Record<MeasureId, number[]> = {
  mouthOpen: [13, 14],
  mouthWidth: [61, 291],
  cornerLift: [61, 13, 13, 291],
  browHeight: [105, 33, 334, 263, 33, 263],
  eyeOpen: [159, 145, 386, 374],
  browGap: [107, 336],
};

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-fm="${name}"]`)!;
function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
/** Two decimals, never "-0.00". */
const fmt = (v: number) => (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);
/** Side of the canvas when zoomed to a face, pixels. */
const ZOOM_SIDE = 480;

interface FaceState {
  detection: DetectedFace | null;
  mesh: MeshResult | null;
  measures: Measures | null;
}

/** The note on the mesh: how many points on which faces, which face is measured, and a doubt. */
function meshNote(
  points: string,
  measured: { number: number; total: number } | null,
  sure: boolean,
): string {
  let text = points;
  if (measured) text = meshText('note.measuringFace', { text, ...measured });
  if (!sure) text = meshText('note.notSureIsFace', { text });
  return meshText('note.sentence', { text });
}

class MeshApp extends PictureApp<MeshRuntime> {
  private readonly root: LazyWidgetElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private faces: FaceState[] = [];
  private prediction: Prediction | null = null;
  private selected = 0;
  /** On a new photo, start with the first face that got a mesh. */
  private autoSelect = true;
  private tracked: MeshResult | null = null;
  private neutral: Measures = TYPICAL;
  private calibrating: Measures[] | null = null;
  private readonly highlight = new Set<MeasureId>();
  private lastVerdict = '';
  private announcedAt = 0;
  private note = '';
  /** The zoomed view (frame pixels), eased from frame to frame so it does not jitter. */
  private view: { cx: number; cy: number; size: number } | null = null;

  constructor(root: LazyWidgetElement) {
    super({
      root,
      stage: q(root, 'stage'),
      loadingText: meshText('loading'),
      createRuntime: async (options) =>
        (await import('./mesh-runtime.ts')).createMeshRuntime({
          ...options,
          meshBytes: Number(root.dataset.meshBytes) || undefined,
        }),
    });
    this.root = root;
    this.canvas = q<HTMLCanvasElement>(root, 'canvas');
    this.ctx = this.canvas.getContext('2d');
    root.addEventListener('click', (e) => this.onClick(e), { signal: this.signal });
    root.addEventListener('change', () => this.redraw(), { signal: this.signal });
    this.start();
  }

  // ---------- loading and sources ----------

  protected override onReady(rt: MeshRuntime): string {
    if (!rt.mesh) this.showFallback(rt.meshError);
    return rt.mesh ? 'mesh' : 'keypoints';
  }

  protected override onStage(source: FrameSource | null): void {
    if (!source) this.render(null);
  }

  private showFallback(error: unknown): void {
    const box = q(this.root, 'fallback');
    const why = (error as { message?: string } | null)?.message ?? String(error);
    box.textContent = meshText('fallback', {
      why,
      keypoints: KEYPOINT_NAMES.length,
      meshPoints: MESH_POINTS,
    });
    box.hidden = false;
  }

  /** A new picture (or none): start again from its first face. */
  protected override onSourceChange(): void {
    this.faces = [];
    this.tracked = null;
    this.selected = 0;
    this.autoSelect = true;
    this.calibrating = null;
    this.view = null;
  }

  // ---------- every frame ----------

  protected override onPrediction(p: Prediction): void {
    const src = this.source;
    const rt = this.runtime;
    if (!src || !rt) return;
    this.prediction = p;
    const detections = rt.lastDetections();
    const { width, height } = p.frame;
    const count = src.live ? Math.min(1, p.faces.length) : p.faces.length;
    const faces: FaceState[] = [];
    for (let i = 0; i < count; i++) {
      const box = p.faces[i]!.box;
      let detection: DetectedFace | null = null;
      let best = 0;
      for (const d of detections) {
        const o = overlap(d.box, box);
        if (o > best) [best, detection] = [o, d];
      }
      detection ??= { box, score: p.faces[i]!.detectorScore, keypoints: [] };
      const mesh = rt.meshFor(
        src.element,
        width,
        height,
        detection,
        src.live ? this.tracked : null,
        !src.live,
      );
      const ok = !!mesh && mesh.score >= MIN_MESH_SCORE;
      faces.push({
        detection,
        mesh: ok ? mesh : null,
        measures: ok ? measure(mesh!.points) : null,
      });
      if (src.live) this.tracked = ok ? mesh : null;
    }
    if (src.live && count === 0) this.tracked = null;
    this.faces = faces;
    if (this.selected >= faces.length) this.selected = 0;
    if (this.autoSelect && faces.length > 0) {
      this.autoSelect = false;
      const first = faces.findIndex((f) => f.mesh);
      if (first > 0) this.selected = first;
    }
    const current = this.faces[this.selected];
    if (this.calibrating && current?.measures) {
      this.calibrating.push(current.measures);
      if (this.calibrating.length >= CALIBRATION_FRAMES)
        this.finishCalibration(
          averageMeasures(this.calibrating),
          meshText('neutral.ownFaceOnCamera'),
        );
    }
    this.redraw();
    this.render(current ?? null);
    const next = q<HTMLButtonElement>(this.root, 'next-face');
    next.hidden = faces.length < 2;
    const meshes = faces.filter((f) => f.mesh).length;
    const n = p.faces.length;
    this.setNote(
      n === 0
        ? src.live
          ? kitText('noFaceOnCamera')
          : kitText('noFaceInPhoto')
        : !rt.mesh
          ? meshText('note.finderPoints', { count: n, points: KEYPOINT_NAMES.length })
          : meshes === 0
            ? meshText('note.meshNotSure')
            : meshNote(
                meshText('note.pointsOnFaces', { points: MESH_POINTS, count: meshes }),
                faces.length > 1 ? { number: this.selected + 1, total: faces.length } : null,
                !current || !!current.mesh,
              ),
    );
  }

  protected override setNote(text: string): void {
    if (text === this.note) return;
    this.note = text;
    q(this.root, 'note').textContent = text;
  }

  // ---------- drawing ----------

  /** The square of the frame to show when zoomed: around the selected face, eased over frames. */
  private zoomView(width: number, height: number): { x: number; y: number; size: number } | null {
    const f = this.faces[this.selected];
    if (!f) return null;
    let target: { cx: number; cy: number; size: number };
    if (f.mesh) {
      target = { cx: f.mesh.roi.cx, cy: f.mesh.roi.cy, size: f.mesh.roi.size * 0.95 };
    } else if (f.detection) {
      const b = f.detection.box;
      target = {
        cx: (b.x + b.width / 2) * width,
        cy: (b.y + b.height / 2) * height,
        size: Math.max(b.width * width, b.height * height) * 1.5,
      };
    } else return null;
    const v = this.view;
    // Eased with the webcam so the zoom does not jitter; a plain jump when motion should be reduced.
    const ease = this.source?.live && v && !prefersReducedMotion(this.root) ? 0.35 : 1;
    this.view = v
      ? {
          cx: v.cx + ease * (target.cx - v.cx),
          cy: v.cy + ease * (target.cy - v.cy),
          size: v.size + ease * (target.size - v.size),
        }
      : target;
    const size = Math.min(this.view.size, width, height);
    return { x: this.view.cx - size / 2, y: this.view.cy - size / 2, size };
  }

  private redraw(): void {
    const ctx = this.ctx;
    const src = this.source;
    const p = this.prediction;
    if (!ctx || !src || !p) return;
    const { width, height } = p.frame;
    if (width === 0 || height === 0) return;
    const show = (name: string) => q<HTMLInputElement>(this.root, name).checked;
    const zoom = show('zoom') ? this.zoomView(width, height) : null;
    if (!zoom) this.view = null;
    const cw = zoom ? ZOOM_SIDE : width;
    const ch = zoom ? ZOOM_SIDE : height;
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
    }
    // Frame pixels → canvas pixels: s, then shift so the view's corner is at 0, 0.
    const s = zoom ? ZOOM_SIDE / zoom.size : 1;
    ctx.save();
    ctx.fillStyle = '#0d0f14';
    ctx.fillRect(0, 0, cw, ch);
    if (src.mirrored) {
      ctx.translate(cw, 0);
      ctx.scale(-1, 1);
    }
    ctx.scale(s, s);
    if (zoom) ctx.translate(-zoom.x, -zoom.y);
    if (show('show-picture')) {
      ctx.globalAlpha = show('show-mesh') || show('show-points') ? 0.75 : 1;
      ctx.drawImage(src.element as CanvasImageSource, 0, 0, width, height);
      ctx.globalAlpha = 1;
    }
    // Line widths in frame pixels that look the same at any zoom.
    const unit = cw / Math.max(1, this.canvas.clientWidth || cw) / s;
    this.faces.forEach((f, i) => {
      const sel = i === this.selected;
      if (f.mesh) this.drawMesh(ctx, f.mesh, unit, sel, show('show-mesh'), show('show-points'));
      else if (f.detection) this.drawKeypoints(ctx, f.detection, width, height, unit);
    });
    ctx.restore();
  }

  private drawMesh(
    ctx: CanvasRenderingContext2D,
    mesh: MeshResult,
    unit: number,
    selected: boolean,
    lines: boolean,
    points: boolean,
  ): void {
    const pts = mesh.points;
    const line = (list: readonly number[]) => {
      ctx.beginPath();
      for (let k = 0; k < list.length; k += 2) {
        const a = pts[list[k]!]!;
        const b = pts[list[k + 1]!]!;
        ctx.moveTo(a[0], a[1]);
        ctx.lineTo(b[0], b[1]);
      }
      ctx.stroke();
    };
    if (lines) {
      ctx.strokeStyle = 'rgba(190, 230, 255, 0.45)';
      ctx.lineWidth = 1 * unit;
      line(MESH_EDGES);
      ctx.strokeStyle = selected ? '#7ee0ff' : 'rgba(126, 224, 255, 0.7)';
      ctx.lineWidth = 2 * unit;
      for (const list of Object.values(OUTLINES)) line(list);
    }
    if (points) {
      ctx.fillStyle = '#e8f6ff';
      const r = 1.4 * unit;
      for (const [x, y] of pts) ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
    }
    if (!selected) return;
    const ids = this.highlight.size ? [...this.highlight] : MEASURES.map((m) => m.id);
    ctx.strokeStyle = '#ffd166';
    ctx.fillStyle = '#ffd166';
    ctx.lineWidth = (this.highlight.size ? 3 : 2) * unit;
    for (const id of ids) {
      line(SEGMENTS[id]);
      for (const k of SEGMENTS[id]) {
        const [x, y] = pts[k]!;
        ctx.beginPath();
        ctx.arc(x, y, (this.highlight.size ? 4 : 3) * unit, 0, Math.PI * 2);
        ctx.fill();
      }
    }
  }

  private drawKeypoints(
    ctx: CanvasRenderingContext2D,
    d: DetectedFace,
    width: number,
    height: number,
    unit: number,
  ): void {
    ctx.strokeStyle = '#ffd166';
    ctx.lineWidth = 2 * unit;
    ctx.strokeRect(d.box.x * width, d.box.y * height, d.box.width * width, d.box.height * height);
    ctx.fillStyle = '#ffd166';
    for (const k of d.keypoints) {
      ctx.beginPath();
      ctx.arc(k.x * width, k.y * height, 5 * unit, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  // ---------- measurements and rules ----------

  private render(face: FaceState | null): void {
    const m = face?.measures ?? null;
    const result = m ? classify(m, this.neutral) : null;
    const rows = q(this.root, 'measures').querySelectorAll<HTMLTableRowElement>('tr[data-measure]');
    const changes = m ? compare(m, this.neutral) : null;
    rows.forEach((tr) => {
      const id = tr.dataset.measure as MeasureId;
      setText(q(tr, 'now'), m ? fmt(m[id]) : '–');
      setText(q(tr, 'neutral'), fmt(this.neutral[id]));
      const bar = tr.querySelector<HTMLElement>('.fm-delta-bar')!;
      const change = q(tr, 'change');
      if (!changes) {
        bar.style.width = '0';
        setText(change, '–');
        return;
      }
      const c = changes[id];
      // Half the bar = a change of 0.15 eye spans.
      const w = Math.min(50, (Math.abs(c.delta) / 0.15) * 50);
      bar.style.width = `${w}%`;
      bar.style.left = c.delta >= 0 ? '50%' : `${50 - w}%`;
      bar.dataset.dir = c.delta >= 0 ? 'up' : 'down';
      const sign = c.delta >= 0 ? '+' : '−';
      setText(
        change,
        c.relative !== null && Math.abs(this.neutral[id]) > 0.05
          ? `${sign}${percent(Math.abs(c.relative))}`
          : `${sign}${fmt(Math.abs(c.delta))}`,
      );
    });
    this.renderRules(result);
    const calibrate = q<HTMLButtonElement>(this.root, 'calibrate');
    calibrate.setAttribute('aria-disabled', String(!m || !!this.calibrating));
    setText(
      calibrate,
      this.calibrating
        ? meshText('calibrate.holdStill')
        : this.source?.live
          ? meshText('calibrate.useMyFace')
          : meshText('calibrate.useThisFace'),
    );
  }

  private renderRules(result: Classification | null): void {
    const items = q(this.root, 'rules').querySelectorAll<HTMLLIElement>('li[data-rule]');
    items.forEach((li) => {
      const r = result?.rules.find((x) => x.rule.label === li.dataset.rule);
      const progress = r?.progress ?? 0;
      (li.querySelector('.fm-rule-fill') as HTMLElement).style.width = `${progress * 100}%`;
      const fires = !!r && progress >= 1;
      li.toggleAttribute('data-fires', fires);
      setText(
        q(li, 'rule-state'),
        !result
          ? '–'
          : fires
            ? meshText('rule.fires')
            : meshText('rule.there', { percent: percent(progress) }),
      );
    });
    const verdict = q(this.root, 'verdict');
    const cnn = q(this.root, 'cnn');
    const face = this.prediction?.faces[this.selected];
    if (!result) {
      setText(
        verdict,
        !this.source
          ? meshText('verdict.choosePicture')
          : this.runtime && !this.runtime.mesh
            ? meshText('verdict.needsMesh', { points: MESH_POINTS })
            : meshText('verdict.noMeasurements'),
      );
      setText(
        cnn,
        face ? meshText('cnn.says', { label: face.top, score: percent(face.topScore) }) : '',
      );
      return;
    }
    const rulesSay = meshText('verdict.rulesSay', { label: result.label });
    if (verdict.textContent !== rulesSay) {
      // The label in bold inside its sentence: the text around the {label} placeholder.
      const [before, after] = meshText('verdict.rulesSay', { label: '{label}' }).split('{label}');
      verdict.replaceChildren(
        before!,
        Object.assign(document.createElement('strong'), { textContent: result.label }),
        after!,
      );
    }
    setText(
      cnn,
      face
        ? meshText('cnn.saysOnSameFace', { label: face.top, score: percent(face.topScore) })
        : '',
    );
    // Announce a new verdict, at most every 1.5 s.
    const t = performance.now();
    if (result.label !== this.lastVerdict && t - this.announcedAt > 1500) {
      this.lastVerdict = result.label;
      this.announcedAt = t;
      const moved = describeChanges(result.changes);
      q(this.root, 'announce').textContent = [
        rulesSay,
        moved.length ? meshText('announce.changes', { changes: moved.join('; ') }) : '',
        face ? meshText('announce.cnnSays', { label: face.top }) : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
  }

  private finishCalibration(neutral: Measures, what: string): void {
    this.neutral = neutral;
    this.calibrating = null;
    q(this.root, 'neutral-source').textContent = meshText('neutral.now', { what });
    q<HTMLButtonElement>(this.root, 'typical').hidden = false;
    q(this.root, 'announce').textContent = meshText('neutral.recorded');
    this.render(this.faces[this.selected] ?? null);
  }

  // ---------- input ----------

  private onClick(e: MouseEvent): void {
    const el = (e.target as Element).closest<HTMLButtonElement>('button[data-fm]');
    if (!el || !this.root.contains(el)) return;
    switch (el.dataset.fm) {
      case 'highlight': {
        const id = el.closest<HTMLElement>('tr')!.dataset.measure as MeasureId;
        const on = el.getAttribute('aria-pressed') !== 'true';
        el.setAttribute('aria-pressed', String(on));
        if (on) this.highlight.add(id);
        else this.highlight.delete(id);
        this.redraw();
        break;
      }
      case 'calibrate': {
        if (el.getAttribute('aria-disabled') === 'true') return;
        const face = this.faces[this.selected];
        if (!face?.measures) return;
        if (this.source?.live) {
          this.calibrating = [];
          q(this.root, 'announce').textContent = meshText('neutral.holdStillAnnounce');
          this.render(face);
        } else {
          this.finishCalibration(
            face.measures,
            this.faces.length > 1
              ? meshText('neutral.faceNumberOfPhoto', { number: this.selected + 1 })
              : meshText('neutral.faceInPhoto'),
          );
        }
        break;
      }
      case 'typical': {
        this.neutral = TYPICAL;
        this.calibrating = null;
        const faces = q(this.root, 'neutral-source').dataset.typicalFaces ?? '';
        q(this.root, 'neutral-source').textContent = meshText('neutral.typical', { faces });
        el.hidden = true;
        q<HTMLButtonElement>(this.root, 'calibrate').focus();
        this.render(this.faces[this.selected] ?? null);
        break;
      }
      case 'next-face': {
        if (this.faces.length < 2) return;
        this.selected = (this.selected + 1) % this.faces.length;
        this.view = null;
        this.redraw();
        this.render(this.faces[this.selected] ?? null);
        const f = this.faces[this.selected]!;
        this.setNote(
          meshNote(
            meshText('note.pointsOnEachMeshedFace', { points: MESH_POINTS }),
            { number: this.selected + 1, total: this.faces.length },
            !!f.mesh,
          ),
        );
        break;
      }
    }
  }
}

export function mount(root: LazyWidgetElement): void {
  const app = new MeshApp(root);
  root.teardown = () => app.destroy();
}
