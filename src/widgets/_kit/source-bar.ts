/**
 * SourceBar: what the pixel grid and the convolution playground share between the <face-source>
 * picker and their own drawing. It follows the picker's pictures through a FaceFeed, says what is
 * shown ("the face in your camera", "face 2 of 3 in …"), and offers "Freeze the picture" (webcam)
 * and "Next face" (several faces). Loading progress and errors go to the picker, which shows them
 * with a way forward.
 *
 * It also honours the embed attributes of the widget element (see src/lib/embed/widgets.ts):
 * `no-camera` hides the camera button, `sample="sample3"` opens that sample photo at once.
 */
import type { FaceSourceElement, SourceChangeDetail } from './face-source.ts';
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { demoSnapshot } from './demo-picture.ts';
import { h } from './dom.ts';
import { FaceFeed, preloadDetector, type FeedStatus, type FeedUpdate } from './face-feed.ts';
import type { Snapshot } from './snapshot.ts';

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
  private readonly feed: FaceFeed;
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
      text: 'Freeze the picture',
    });
    this.nextButton = h('button', {
      type: 'button',
      class: 'button secondary wsrc-button',
      hidden: true,
      text: 'Next face',
    });
    this.element = h(
      'div',
      { class: 'wsrc-bar' },
      this.line,
      h('div', { class: 'wsrc-buttons' }, this.freezeButton, this.nextButton),
    );
    this.feed = new FaceFeed({
      onUpdate: (u) => this.onFeed(u),
      onStatus: (s) => this.onStatus(s),
      maxFps: opts.maxFps,
    });

    this.freezeButton.addEventListener('click', () => this.setFrozen(!this.frozen));
    this.nextButton.addEventListener('click', () => this.feed.nextFace());

    const picker = this.picker;
    if (!picker) return;
    if (opts.root.hasAttribute('no-camera'))
      picker.querySelector<HTMLElement>('[data-fs="camera"]')?.setAttribute('hidden', '');
    picker.addEventListener('sourcerequest', () => preloadDetector());
    picker.addEventListener('sourcechange', (e) =>
      this.onSource((e as CustomEvent<SourceChangeDetail>).detail),
    );
    // A picture picked before this code loaded: the widget's shell kept the picker's announcement.
    const last = (opts.root as { lastSourceChange?: SourceChangeDetail }).lastSourceChange;
    if (picker.source)
      this.onSource(
        last?.source === picker.source ? last : { source: picker.source, origin: null, name: '' },
      );
    else this.openSample(opts.root.getAttribute('sample'));
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
    if (frozen) this.feed.pause();
    else this.feed.resume();
    this.opts.onFreeze?.(frozen);
  }

  /** Describes the starting picture (before the reader picks one). */
  /** Until the reader picks a picture, a drawn smiley stands in, so nothing has to download. */
  showDemo(spec: ModelInputSpec, show: (snapshot: Snapshot) => void): void {
    this.what = 'a drawn smiley (pick your own picture above)';
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
      this.feed.stop();
      this._live = false;
      this.freezeButton.hidden = true;
      this.nextButton.hidden = true;
      this.faces = 0;
      if (this.what) this.what = 'the last picture from the camera (the camera is off)';
      this.render();
      return;
    }
    const camera = detail.origin === 'camera' || detail.source.live;
    this.sourceName = camera ? 'your camera' : detail.name ? `“${detail.name}”` : 'your photo';
    this._live = detail.source.live;
    this.freezeButton.hidden = !this._live;
    this.freezeButton.setAttribute('aria-pressed', 'false');
    void this.feed.use(detail.source).catch((e) => this.picker?.showError(e));
  }

  private onStatus(status: FeedStatus | null): void {
    if (!this.picker) return;
    if (!status) this.picker.showStatus(null);
    else if (status.kind === 'error')
      this.picker.showError({ message: status.text, hint: status.hint });
    else this.picker.showStatus(status.text, status.fraction);
  }

  private onFeed(u: FeedUpdate): void {
    this.faces = u.faces;
    this.faceIndex = u.faceIndex;
    this.what =
      u.faces > 0
        ? `the face in ${this.sourceName}`
        : `the middle of ${this.sourceName} (${u.detector ? 'no face was found' : 'the face finder could not start'})`;
    this.nextButton.hidden = u.faces < 2;
    this.nextButton.textContent = `Next face (${u.faceIndex + 1} of ${u.faces})`;
    this.render();
    this.opts.onSnapshot(u.snapshot, this.describe());
  }

  /** What is shown, for summaries: "the face in your camera", "face 2 of 3 in “…”". */
  describe(): string {
    return this.faces > 1
      ? `face ${this.faceIndex + 1} of ${this.faces} in ${this.sourceName}`
      : this.what;
  }

  private render(): void {
    const many =
      this.faces > 1 ? ` ${this.faces} faces were found; this is face ${this.faceIndex + 1}.` : '';
    this.line.textContent = `Showing ${this.what}.${many}`;
  }
}
