/**
 * <face-source>: the picture picker every camera widget shares — webcam start/stop, the bundled sample
 * photos (with their attribution), upload, drag and drop, paste — with a clear message and a way
 * forward for every failure (camera refused, missing, unplugged, blocked by the page embedding us,
 * not an image, SVG, empty or huge file…). Light: no TF.js or MediaPipe here.
 *
 * ## Using it in another widget
 *
 *   ---  (YourWidget.astro)
 *   import FaceSource from './FaceSource.astro';
 *   ---
 *   <your-widget data-face-source-root>          ← drops and pastes anywhere in here count too
 *     <FaceSource label="Choose a picture" />    ← props: camera, samples, upload (all default true)
 *     …your canvas…
 *   </your-widget>
 *
 *   // your-widget.ts
 *   import type { FaceSourceElement } from './face-source.ts';
 *   const picker = this.querySelector('face-source') as FaceSourceElement;
 *   picker.addEventListener('sourcerequest', () => startLoadingYourModels());    // the reader pressed something
 *   picker.addEventListener('sourcechange', (e) => show(e.detail.source));       // FrameSource | null
 *   picker.showStatus('Downloading… 40%', 0.4);   // progress under the buttons (null clears it)
 *   picker.showError(err, { retry });              // any error with .message (+ .hint): shown with a way forward
 *
 * Also: `picker.source` / `picker.detail` (the current picture, and the last `sourcechange` detail),
 * `picker.startCamera()`, `picker.stop()`, `picker.showInfo(text | null)`, `picker.clearMessage()`.
 * For emotion predictions rather than pictures, add a FaceSession (./face-session.ts) with an
 * EmotionRuntime (./emotion-runtime.ts): it loads the pipeline with progress in this picker and runs
 * every picture through it. A widget with a heavy
 * runtime of its own extends PictureApp (./picture-app.ts), and its first script is one line of
 * defineLazyWidget (./lazy-widget.ts), which loads the page logic near the viewport or on a picture.
 *
 * Events (they bubble):
 *   - `sourcerequest` { origin }: the reader asked for a picture (before it is ready: the camera may
 *     still be asking for permission). Start loading heavy things now.
 *   - `sourcechange` { source, origin, name }: a new picture is ready (`source` is a FrameSource from
 *     src/lib/vision: draw and detect on `source.element`; mirror the preview when `source.mirrored`),
 *     or `source` is null when the camera was stopped or went away.
 *   - `sourceerror` { error }: something went wrong; the message is already on screen.
 *
 * Attributes read from the picker or any ancestor (the embed pages set them on the widget's element):
 *   - `no-camera`: offer the photos only (classrooms without cameras);
 *   - `sample="sample3"`: open on that bundled sample photo (file name without .jpg) at once.
 * On a device with more than one camera a "Camera" select appears (after the first stream, when
 * labels are known); the choice is kept under `emotion-lens:camera` and used on the next start.
 * When the page embedding us forbids the camera (iframe without allow="camera"), or the page is not
 * secure, the camera button says so in one sentence instead of failing.
 *
 * The picker owns its sources: it stops the previous one after announcing a new one, so never keep a
 * source after the next `sourcechange`. `origin` is "camera" | "sample" | "upload" | "drop" | "paste".
 */
import {
  cameraNames,
  cameraUnavailableReason,
  chooseCamera,
  listCameras,
  startWebcam,
  type WebcamSource,
} from '../../lib/vision/camera.ts';
import { kitText } from './text.ts';
import type { CameraError } from '../../lib/vision/errors.ts';
import {
  fileFromTransfer,
  loadSampleManifest,
  loadStillImage,
  type SamplePhoto,
} from '../../lib/vision/image-source.ts';
import type { FrameSource } from '../../lib/vision/types.ts';

export type SourceOrigin = 'camera' | 'sample' | 'upload' | 'drop' | 'paste';

export interface SourceChangeDetail {
  source: FrameSource | null;
  origin: SourceOrigin | null;
  /** A name to show: "Camera", the sample's description or the file name. */
  name: string;
}

export interface ShowErrorOptions {
  /** Adds a "Try again" button that calls this. */
  retry?: () => void;
  /** Offer the camera again (default: when the camera can be used at all). */
  offerCamera?: boolean;
}

/** Any error with a reader-facing message; VisionError and PipelineError also carry a hint. */
export interface ReaderError {
  message: string;
  hint?: string;
  code?: string;
}

/** Where the reader's camera choice is kept on this device ("Clear what this site kept" removes it). */
export const CAMERA_CHOICE_KEY = 'emotion-lens:camera';

function rememberedCamera(): string | null {
  try {
    return localStorage.getItem(CAMERA_CHOICE_KEY);
  } catch {
    return null; // storage blocked: the default camera
  }
}

function rememberCamera(deviceId: string): void {
  try {
    localStorage.setItem(CAMERA_CHOICE_KEY, deviceId);
  } catch {
    // storage blocked: the choice lasts until the page is left
  }
}

const CAMERA_RETRY_CODES = new Set([
  'permission-denied',
  'no-camera',
  'in-use',
  'unplugged',
  'aborted',
  'unknown',
]);

export class FaceSourceElement extends HTMLElement {
  private current: FrameSource | null = null;
  private webcam: WebcamSource | null = null;
  private starting: AbortController | null = null;
  private loading: AbortController | null = null;
  private root: HTMLElement = this;
  private cameraBlocked: CameraError | null = null;
  private readonly cleanup: (() => void)[] = [];

  private currentDetail: SourceChangeDetail = { source: null, origin: null, name: '' };

  /** The picture being shown, or null. */
  get source(): FrameSource | null {
    return this.current;
  }

  /** The picture being shown with where it came from and its name (the last `sourcechange` detail). */
  get detail(): SourceChangeDetail {
    return this.currentDetail;
  }

  connectedCallback(): void {
    this.root = (this.closest('[data-face-source-root]') as HTMLElement | null) ?? this;
    const on = <K extends keyof HTMLElementEventMap>(
      el: EventTarget,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
    ) => {
      el.addEventListener(type, fn as EventListener);
      this.cleanup.push(() => el.removeEventListener(type, fn as EventListener));
    };
    const cameraButton = this.piece('camera');
    // Embed option "no camera": a classroom without cameras gets the photos only.
    if (cameraButton && this.closest('[no-camera]')) {
      cameraButton.remove();
      this.piece('camera-note')?.remove();
    }
    if (cameraButton?.isConnected) {
      on(cameraButton, 'click', () =>
        this.webcam || this.starting ? this.stop() : void this.startCamera(),
      );
      this.cameraBlocked = cameraUnavailableReason();
      const choice = this.piece<HTMLSelectElement>('camera-select');
      if (choice && !this.cameraBlocked) {
        on(choice, 'change', () => this.switchCamera(choice.value));
        // Labels and ids appear once the camera is allowed, and cameras come and go.
        const devices = navigator.mediaDevices;
        const refresh = () => void this.refreshCameras();
        devices.addEventListener('devicechange', refresh);
        this.cleanup.push(() => devices.removeEventListener('devicechange', refresh));
        refresh();
      }
      if (this.cameraBlocked) {
        cameraButton.setAttribute('aria-disabled', 'true');
        const note = this.piece('camera-note');
        if (note) {
          note.textContent =
            this.cameraBlocked.code === 'blocked-by-policy'
              ? kitText('picker.cameraNotAllowedInFrame')
              : kitText('picker.cameraBlocked', { message: this.cameraBlocked.message });
          note.hidden = false;
        }
      }
    }
    const samplesToggle = this.piece('samples-toggle');
    if (samplesToggle) on(samplesToggle, 'click', () => this.toggleSamples());
    on(this, 'click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('[data-sample-url]');
      if (button && this.contains(button))
        void this.useSample(button.dataset.sampleUrl!, button.dataset.sampleName ?? 'sample photo');
      const action = (e.target as Element).closest<HTMLButtonElement>('[data-action]');
      if (action && this.contains(action)) this.runAction(action.dataset.action!);
    });
    const file = this.piece<HTMLInputElement>('file');
    if (file) {
      on(file, 'change', () => {
        const f = file.files?.[0];
        file.value = '';
        if (f) void this.useFile(f, 'upload');
      });
    }
    if (file) {
      on(this.root, 'dragover', (e) => {
        if (!Array.from(e.dataTransfer?.types ?? []).includes('Files')) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        this.root.toggleAttribute('data-dragging', true);
      });
      on(this.root, 'dragleave', (e) => {
        if (!this.root.contains(e.relatedTarget as Node | null))
          this.root.removeAttribute('data-dragging');
      });
      on(this.root, 'drop', (e) => {
        this.root.removeAttribute('data-dragging');
        const f = fileFromTransfer(e.dataTransfer);
        if (!f) return;
        e.preventDefault();
        void this.useFile(f, 'drop');
      });
      on(this.root, 'paste', (e) => {
        const f = fileFromTransfer(e.clipboardData);
        if (!f) return;
        e.preventDefault();
        void this.useFile(f, 'paste');
      });
    }

    // Embed option "start with a sample photo": sample="sample3" (the file name without .jpg).
    const sample = this.closest('[sample]')?.getAttribute('sample');
    if (sample && sample !== 'none' && /^[a-z0-9_-]+$/i.test(sample)) {
      const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
      const url = `${base.endsWith('/') ? base : `${base}/`}vendor/samples/${sample}.jpg`;
      const name =
        this.querySelector<HTMLElement>(`[data-sample-url$="/${sample}.jpg"]`)?.dataset
          .sampleName ?? 'sample photo';
      setTimeout(() => void this.useSample(url, name), 0);
    }
  }

  disconnectedCallback(): void {
    for (const c of this.cleanup.splice(0)) c();
    this.stop();
  }

  private piece<T extends HTMLElement = HTMLElement>(name: string): T | null {
    return this.querySelector<T>(`[data-fs="${name}"]`);
  }

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  /** Starts the camera (the same as pressing "Start camera"). */
  async startCamera(): Promise<void> {
    if (this.cameraBlocked) {
      this.showError(
        this.cameraBlocked.code === 'blocked-by-policy'
          ? { message: kitText('picker.cameraNotAllowedInFrame') }
          : this.cameraBlocked,
        { offerCamera: false },
      );
      return;
    }
    this.clearMessage();
    this.emit('sourcerequest', { origin: 'camera' });
    this.starting?.abort();
    const starting = new AbortController();
    this.starting = starting;
    this.setCameraButton('starting');
    let cam: WebcamSource;
    try {
      // startWebcam falls back to the default camera when the remembered one is gone.
      const deviceId = rememberedCamera() ?? undefined;
      cam = await startWebcam({ facingMode: 'user', deviceId, signal: starting.signal });
    } catch (e) {
      if (this.starting !== starting) return; // stopped or replaced meanwhile
      this.starting = null;
      this.setCameraButton('off');
      if ((e as CameraError).code === 'aborted') return;
      this.fail(e);
      return;
    }
    if (this.starting !== starting) {
      cam.stop();
      return;
    }
    this.starting = null;
    cam.onEnded((error) => {
      if (this.webcam !== cam) return;
      this.webcam = null;
      this.setCameraButton('off');
      this.replace(null, null, '');
      this.fail(error);
    });
    this.webcam = cam;
    this.setCameraButton('on');
    this.replace(cam, 'camera', cam.label || kitText('picker.cameraName'));
    void this.refreshCameras();
  }

  /** Shows the camera choice when this device has more than one camera, on the one in use. */
  private async refreshCameras(): Promise<void> {
    const choice = this.piece<HTMLSelectElement>('camera-select');
    const wrapper = this.piece('camera-choice');
    if (!choice || !wrapper) return;
    const cameras = await listCameras().catch(() => []);
    const names = cameraNames(cameras, (n) => kitText('camera.unnamed', { n }));
    choice.replaceChildren(...cameras.map((c, i) => new Option(names[i], c.deviceId)));
    const inUse = this.webcam?.stream.getVideoTracks()[0]?.getSettings?.().deviceId;
    const selected = inUse ?? chooseCamera(cameras, rememberedCamera());
    if (selected) choice.value = selected;
    wrapper.hidden = cameras.length < 2;
  }

  /** Keeps the reader's choice and, while the camera runs, restarts it on the chosen camera. */
  private switchCamera(deviceId: string): void {
    rememberCamera(deviceId);
    if (!this.webcam && !this.starting) return;
    this.stop(); // the old camera's tracks stop before the new one is asked for
    void this.startCamera().then(() => {
      if (this.webcam) this.showInfo(kitText('camera.switched', { name: this.detail.name }));
    });
  }

  /** Stops the camera (or the photo) and announces `source: null`. */
  stop(): void {
    this.starting?.abort();
    this.starting = null;
    this.loading?.abort();
    this.loading = null;
    this.webcam = null;
    this.setCameraButton('off');
    if (this.current) this.replace(null, null, '');
  }

  private async useSample(url: string, name: string): Promise<void> {
    await this.useImage(url, 'sample', name);
  }

  private async useFile(file: File, origin: SourceOrigin): Promise<void> {
    await this.useImage(file, origin, file.name || 'your photo');
  }

  private async useImage(input: Blob | string, origin: SourceOrigin, name: string): Promise<void> {
    this.clearMessage();
    this.emit('sourcerequest', { origin });
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    try {
      const image = await loadStillImage(input, { name, signal: loading.signal });
      if (this.loading !== loading) {
        image.stop();
        return;
      }
      this.loading = null;
      if (this.webcam || this.starting) {
        this.starting?.abort();
        this.starting = null;
        this.webcam = null; // replace() stops it
        this.setCameraButton('off');
      }
      this.replace(image, origin, name);
      this.showInfo(
        image.downscaled
          ? kitText('picker.photoScaledDown', {
              originalWidth: image.originalWidth,
              originalHeight: image.originalHeight,
              width: image.width,
              height: image.height,
            })
          : null,
      );
    } catch (e) {
      if (this.loading !== loading) return;
      this.loading = null;
      this.fail(e);
    }
  }

  private replace(source: FrameSource | null, origin: SourceOrigin | null, name: string): void {
    const previous = this.current;
    this.showInfo(null);
    this.current = source;
    this.currentDetail = { source, origin, name };
    this.emit<SourceChangeDetail>('sourcechange', this.currentDetail);
    if (previous && previous !== source) previous.stop();
  }

  private fail(error: unknown): void {
    const e = error as ReaderError;
    this.showError(e, { offerCamera: !!e?.code && CAMERA_RETRY_CODES.has(e.code) });
    this.emit('sourceerror', { error });
  }

  private setCameraButton(state: 'off' | 'starting' | 'on'): void {
    const button = this.piece('camera');
    if (!button) return;
    button.setAttribute('aria-pressed', String(state !== 'off'));
    const label = button.querySelector('[data-fs-label]') ?? button;
    label.textContent =
      state === 'off'
        ? (button.dataset.labelStart ?? kitText('picker.startCamera'))
        : state === 'starting'
          ? kitText('picker.startingCamera')
          : (button.dataset.labelStop ?? kitText('picker.stopCamera'));
  }

  private toggleSamples(open?: boolean): void {
    const toggle = this.piece('samples-toggle');
    const panel = this.piece('samples');
    if (!toggle || !panel) return;
    const show = open ?? panel.hidden;
    panel.hidden = !show;
    toggle.setAttribute('aria-expanded', String(show));
    if (show && !panel.querySelector('[data-sample-url]')) void this.fillSamples(panel);
  }

  /** When the page was built without the sample list, read it from the site. */
  private async fillSamples(panel: HTMLElement): Promise<void> {
    const list = panel.querySelector('ul');
    if (!list) return;
    try {
      const manifest = await loadSampleManifest();
      list.replaceChildren(...manifest.samples.map((s) => sampleItem(s)));
      const credit = panel.querySelector('[data-fs-credit]');
      const { package: name, license, copyright } = manifest.source;
      if (credit)
        credit.textContent = kitText('picker.sampleCredit', { package: name, license, copyright });
    } catch (e) {
      this.showError(e as ReaderError);
    }
  }

  private runAction(action: string): void {
    if (action === 'samples') {
      this.toggleSamples(true);
      this.piece('samples')?.querySelector<HTMLElement>('[data-sample-url]')?.focus();
    } else if (action === 'upload') {
      this.piece<HTMLInputElement>('file')?.click();
    } else if (action === 'camera') {
      void this.startCamera();
    } else if (action === 'retry') {
      this.clearMessage();
      this.retry?.();
    }
  }

  private retry: (() => void) | undefined;

  /**
   * Shows an error: its message, its hint, and buttons to go on (a sample photo, upload, the camera
   * again, "Try again" when `retry` is given). Focus stays where it is; the message is announced.
   */
  showError(error: ReaderError | unknown, options: ShowErrorOptions = {}): void {
    const e = (error ?? {}) as ReaderError;
    const box = this.piece('error');
    if (!box) return;
    this.retry = options.retry;
    const message =
      typeof e.message === 'string' && e.message ? e.message : kitText('picker.somethingWentWrong');
    const p = (text: string, cls: string) =>
      Object.assign(document.createElement('p'), { className: cls, textContent: text });
    const actions = document.createElement('div');
    actions.className = 'fs-actions';
    const button = (text: string, action: string) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'button secondary';
      b.dataset.action = action;
      b.textContent = text;
      actions.append(b);
    };
    if (options.retry) button(kitText('picker.tryAgain'), 'retry');
    if (options.offerCamera && !this.cameraBlocked && this.piece('camera'))
      button(kitText('picker.tryCameraAgain'), 'camera');
    if (this.piece('samples')) button(kitText('picker.useSample'), 'samples');
    if (this.piece('file')) button(kitText('picker.uploadPhoto'), 'upload');
    const parts: HTMLElement[] = [p(message, 'fs-error-message')];
    if (e.hint) parts.push(p(e.hint, 'fs-error-hint'));
    box.replaceChildren(...parts, actions);
    box.hidden = false;
    this.showStatus(null);
  }

  /** Shows progress or a short status under the buttons; `fraction` 0–1 adds a progress bar. `null` clears. */
  showStatus(text: string | null, fraction?: number): void {
    const status = this.piece('status');
    if (!status) return;
    if (text === null) {
      status.replaceChildren();
      status.hidden = true;
      return;
    }
    status.hidden = false;
    let bar = status.querySelector('progress');
    let label = status.querySelector<HTMLElement>('.fs-status-text');
    if (!label) {
      label = Object.assign(document.createElement('span'), { className: 'fs-status-text' });
      label.id = `${this.id || 'face-source'}-status-text`;
      status.append(label);
    }
    label.textContent = text;
    if (fraction === undefined) {
      bar?.remove();
    } else {
      if (!bar) {
        bar = document.createElement('progress');
        bar.max = 1;
        bar.setAttribute('aria-labelledby', label.id);
        status.prepend(bar);
      }
      bar.value = Math.max(0, Math.min(1, fraction));
    }
  }

  /** A short note about the current picture (e.g. that it was scaled down); `null` clears it. */
  showInfo(text: string | null): void {
    const info = this.piece('info');
    if (!info) return;
    info.textContent = text ?? '';
    info.hidden = !text;
  }

  /** Hides the error message. */
  clearMessage(): void {
    const box = this.piece('error');
    if (box) {
      box.hidden = true;
      box.replaceChildren();
    }
  }
}

/** A sample photo button (also rendered at build time by FaceSource.astro). */
function sampleItem(
  s: Pick<SamplePhoto, 'url' | 'description' | 'width' | 'height'>,
): HTMLLIElement {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'fs-sample';
  b.dataset.sampleUrl = s.url;
  b.dataset.sampleName = s.description;
  const img = document.createElement('img');
  img.src = s.url;
  img.alt = '';
  img.loading = 'lazy';
  img.width = 120;
  img.height = Math.round((120 * s.height) / s.width);
  const span = document.createElement('span');
  span.textContent = s.description;
  b.append(img, span);
  li.append(b);
  return li;
}

if (!customElements.get('face-source')) customElements.define('face-source', FaceSourceElement);

declare global {
  interface HTMLElementTagNameMap {
    'face-source': FaceSourceElement;
  }
}
