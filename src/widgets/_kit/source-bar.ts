/**
 * SourceBar: what the pixel grid and the convolution playground share between the <face-source>
 * picker and their own drawing. A FaceSession follows the picker's pictures with the face finder
 * only (FaceFeed); the bar says what is shown ("the face in your camera", "face 2 of 3 in …"), and
 * offers "Freeze the picture" (webcam) and "Next face" (several faces). Loading progress and errors
 * go to the picker, which shows them with a way forward.
 *
 * It also honours the embed attributes of the widget element (see src/lib/embed/widgets.ts):
 * `no-camera` hides the camera button, `sample="sample3"` opens that sample photo at once.
 */
import type { FaceSourceElement, SourceChangeDetail } from './face-source.ts';
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { demoSnapshot } from './demo-picture.ts';
import { h } from './dom.ts';
import { FaceFeed, type FeedUpdate } from './face-feed.ts';
import { FaceSession } from './face-session.ts';
import type { Snapshot } from './snapshot.ts';
import { kitText } from './text.ts';

export interface SourceBarOptions {
  /** The widget element (holds the picker; may carry `no-camera` and `sample`). */
  root: HTMLElement;
  /** A new snapshot to show. `what` describes it for the reader, e.g. "the face in your camera". */
  onSnapshot(snapshot: Snapshot, what: string): void;
  /** The reader froze (true) or unfroze (false) the webcam. */
  onFreeze?(frozen: boolean): void;
  /** Webcam snapshots per second. */
  maxFps?: number;
}

export class SourceBar {
  readonly element: HTMLElement;
  private readonly picker: FaceSourceElement | null;
  private readonly session: FaceSession<FaceFeed> | null = null;
  private readonly line: HTMLElement;
  private readonly freezeButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly opts: SourceBarOptions;
  private sourceName = '';
  private what = '';
  private faces = 0;
  private faceIndex = 0;
  private _live = false;

  constructor(opts: SourceBarOptions) {
    this.opts = opts;
    this.picker = opts.root.querySelector('face-source') as unknown as FaceSourceElement | null;
    this.line = h('p', { class: 'wsrc-line' });
    this.freezeButton = h('button', {
      type: 'button',
      class: 'button secondary wsrc-button',
      'aria-pressed': 'false',
      hidden: true,
      text: kitText('bar.freeze'),
    });
    this.nextButton = h('button', {
      type: 'button',
      class: 'button secondary wsrc-button',
      hidden: true,
      text: kitText('bar.nextFace'),
    });
    this.element = h(
      'div',
      { class: 'wsrc-bar' },
      this.line,
      h('div', { class: 'wsrc-buttons' }, this.freezeButton, this.nextButton),
    );
    this.freezeButton.addEventListener('click', () => this.setFrozen(!this.frozen));
    this.nextButton.addEventListener('click', () => this.feed?.nextFace());

    const picker = this.picker;
    if (!picker) return;
    if (opts.root.hasAttribute('no-camera'))
      picker.querySelector<HTMLElement>('[data-fs="camera"]')?.setAttribute('hidden', '');
    this.session = new FaceSession({
      picker,
      createRuntime: (context) =>
        FaceFeed.load(context, { onUpdate: (u) => this.onFeed(u), maxFps: opts.maxFps }),
      onSource: (d) => this.onSource(d),
    }).start();
    if (!picker.source) this.openSample(opts.root.getAttribute('sample'));
  }

  private get feed(): FaceFeed | null {
    return this.session?.runtime ?? null;
  }

  /** True while a webcam is followed. */
  get live(): boolean {
    return this._live;
  }

  get frozen(): boolean {
    return this.freezeButton.getAttribute('aria-pressed') === 'true';
  }

  /** Holds the webcam on its current picture (e.g. while the reader steps through a calculation). */
  setFrozen(frozen: boolean): void {
    if (!this._live || frozen === this.frozen) return;
    this.freezeButton.setAttribute('aria-pressed', String(frozen));
    if (frozen) this.feed?.pause();
    else this.feed?.resume();
    this.opts.onFreeze?.(frozen);
  }

  /** Describes the starting picture (before the reader picks one). */
  /** Until the reader picks a picture, a drawn smiley stands in, so nothing has to download. */
  showDemo(spec: ModelInputSpec, show: (snapshot: Snapshot) => void): void {
    this.what = kitText('bar.demo');
    this.render();
    const demo = demoSnapshot(spec);
    if (demo) show(demo);
  }

  private openSample(sample: string | null): void {
    if (!sample || sample === 'none' || !/^[\w-]+$/.test(sample)) return;
    const button = this.picker?.querySelector<HTMLButtonElement>(
      `[data-sample-url$="/${sample}.jpg"]`,
    );
    button?.click();
  }

  private onSource(detail: SourceChangeDetail): void {
    if (!detail.source) {
      this._live = false;
      this.freezeButton.hidden = true;
      this.nextButton.hidden = true;
      this.faces = 0;
      if (this.what) this.what = kitText('bar.cameraOff');
      this.render();
      return;
    }
    const camera = detail.origin === 'camera' || detail.source.live;
    this.sourceName = camera
      ? kitText('bar.yourCamera')
      : detail.name
        ? kitText('bar.named', { name: detail.name })
        : kitText('bar.yourPhoto');
    this._live = detail.source.live;
    this.freezeButton.hidden = !this._live;
    this.freezeButton.setAttribute('aria-pressed', 'false');
  }

  private onFeed(u: FeedUpdate): void {
    this.faces = u.faces;
    this.faceIndex = u.faceIndex;
    this.what =
      u.faces > 0
        ? kitText('bar.face', { source: this.sourceName })
        : kitText(u.detector ? 'bar.middleNoFace' : 'bar.middleNoFinder', {
            source: this.sourceName,
          });
    this.nextButton.hidden = u.faces < 2;
    this.nextButton.textContent = kitText('bar.nextFaceOf', {
      number: u.faceIndex + 1,
      count: u.faces,
    });
    this.render();
    this.opts.onSnapshot(u.snapshot, this.describe());
  }

  /** What is shown, for summaries: "the face in your camera", "face 2 of 3 in “…”". */
  describe(): string {
    return this.faces > 1
      ? kitText('bar.faceOf', {
          number: this.faceIndex + 1,
          count: this.faces,
          source: this.sourceName,
        })
      : this.what;
  }

  private render(): void {
    const showing = kitText('bar.showing', { what: this.what });
    this.line.textContent =
      this.faces > 1
        ? `${showing} ${kitText('bar.manyFaces', { count: this.faces, number: this.faceIndex + 1 })}`
        : showing;
  }
}
