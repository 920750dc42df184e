/**
 * <live-demo>: the live emotion demo (lesson 1). This first script is tiny: it waits for the reader to
 * pick a picture in the <face-source> picker (Start camera, a sample photo, upload, drop, paste) and
 * only then imports the heavy part (./demo-app.ts: TF.js, MediaPipe, drawing), which shows download
 * progress on the first start.
 *
 * For pages that use it (docs/embedding.md):
 *   - event `prediction` (bubbles; detail: Prediction from src/lib/pipeline/types.ts) for every frame;
 *   - inside an iframe, and only with `share="scores"` (the embed address's `share=scores`), a
 *     `{ source: "emotion-lens", type: "prediction", … }` message to the parent; the privacy note
 *     then says that the page around the demo receives the scores;
 *   - attributes: `range="short|full"` (face detector), `backend="webgl|wasm|cpu"` (force a TF.js backend).
 *   - `el.stats()` gives frame rate, milliseconds per stage and tensor count (tests, benchmark).
 */
import { SHARE_ATTRIBUTE, sharesWithHost } from '../../lib/embed/messages.ts';
import type { DemoApp, DemoStats } from './demo-app.ts';
import { siteText } from '../../lib/site-text.ts';
import { demoText } from './text.ts';

export class LiveDemoElement extends HTMLElement {
  static observedAttributes = [SHARE_ATTRIBUTE];

  private app: Promise<DemoApp> | null = null;
  private appInstance: DemoApp | null = null;
  private requestedAt: number | null = null;

  connectedCallback(): void {
    this.addEventListener('sourcerequest', this.boot);
    this.addEventListener('sourcechange', this.boot);
    this.showPrivacyNote();
  }

  attributeChangedCallback(): void {
    this.showPrivacyNote();
  }

  /** The privacy note that is true now: private, or "the page around this demo receives the scores". */
  private showPrivacyNote(): void {
    const shared = sharesWithHost(this, 'scores');
    const own = this.querySelector<HTMLElement>('[data-ld="privacy"]');
    const withHost = this.querySelector<HTMLElement>('[data-ld="privacy-shared"]');
    if (own) own.hidden = shared;
    if (withHost) withHost.hidden = !shared;
  }

  disconnectedCallback(): void {
    this.removeEventListener('sourcerequest', this.boot);
    this.removeEventListener('sourcechange', this.boot);
    this.appInstance?.dispose();
  }

  private readonly boot = (): void => {
    this.requestedAt ??= performance.now();
    this.app ??= import('./demo-app.ts').then((m) => {
      this.appInstance = new m.DemoApp(this, this.requestedAt!, performance.now());
      return this.appInstance;
    });
    this.app.catch((e: unknown) => {
      // The code itself could not be downloaded (offline, or the site is broken).
      this.app = null;
      this.querySelector('face-source')?.showError(
        {
          message: demoText('programNotDownloaded'),
          hint: siteText('checkConnection'),
        },
        { retry: () => this.boot() },
      );
      console.warn(e);
    });
  };

  /** Figures for tests and the benchmark (null before the demo started). */
  stats(): DemoStats | null {
    return this.appInstance?.stats() ?? null;
  }

  /** Restart the per-stage averages (benchmark). */
  resetStats(): void {
    this.appInstance?.resetStats();
  }
}

if (!customElements.get('live-demo')) customElements.define('live-demo', LiveDemoElement);

declare global {
  interface HTMLElementTagNameMap {
    'live-demo': LiveDemoElement;
  }
}
