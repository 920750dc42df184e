/**
 * <feature-maps>: what every convolution layer of the emotion CNN makes of one face, as small
 * multiples, one map enlarged on click or keyboard, with a colour scale and a text description.
 *
 * Two ways to use it (see FeatureMaps.astro):
 *  - inside another widget (the live demo): the host calls `el.render(maps, { faceName })` with
 *    `Prediction.featureMaps.maps`, and asks `el.wanted` before computing them (false while the element
 *    is off screen or inside a closed <details>, so nothing is computed for nobody);
 *  - alone (`<FeatureMaps standalone />`, e.g. lesson 4): it has its own picture picker and loads the
 *    pipeline itself when the reader picks a picture (./standalone.ts).
 *
 * Event `wanted`: the maps just became visible (scrolled into view, or their <details> opened).
 *
 * This file stays tiny: the drawing code (../_kit/feature-maps-view.ts) is imported on first use.
 */
import type { FeatureMap } from '../../lib/ml/classifier.ts';
import type { FeatureMapsView, RenderInfo } from '../_kit/feature-maps-view.ts';

export class FeatureMapsElement extends HTMLElement {
  private onScreen = false;
  private io: IntersectionObserver | null = null;
  private viewInstance: FeatureMapsView | null = null;
  private standaloneBoot: Promise<unknown> | null = null;
  private details: HTMLDetailsElement | null = null;
  private wasWanted = false;

  connectedCallback(): void {
    if (typeof IntersectionObserver === 'function') {
      // "On screen" starts a screen's height early: on a phone, the maps of a just-opened <details>
      // are often just below the fold, and the reader would meet the placeholder instead.
      this.io = new IntersectionObserver(
        (entries) => {
          this.onScreen = entries.some((e) => e.isIntersecting);
          this.checkWanted();
        },
        { rootMargin: '100% 0px' },
      );
      this.io.observe(this);
    } else {
      this.onScreen = true;
    }
    this.details = this.closest('details');
    this.details?.addEventListener('toggle', this.checkWanted);
    if (this.hasAttribute('standalone')) {
      const boot = () =>
        (this.standaloneBoot ??= import('./standalone.ts').then((m) => m.startStandalone(this)));
      this.addEventListener('sourcerequest', boot);
      this.addEventListener('sourcechange', boot);
    }
  }

  disconnectedCallback(): void {
    this.io?.disconnect();
    this.details?.removeEventListener('toggle', this.checkWanted);
  }

  /** Fires `wanted` when the maps become visible, so a host showing a still photo can compute them. */
  private readonly checkWanted = (): void => {
    const now = this.wanted;
    if (now && !this.wasWanted) this.dispatchEvent(new Event('wanted'));
    this.wasWanted = now;
  };

  /** True when the maps would be seen: on screen and not inside a closed <details>. */
  get wanted(): boolean {
    return this.onScreen && !this.closest('details:not([open])');
  }

  /** The drawing part; `attach` it once (the host imports ./view.ts with its own heavy code). */
  get view(): FeatureMapsView | null {
    return this.viewInstance;
  }

  attach(view: FeatureMapsView): void {
    this.viewInstance = view;
  }

  /** Draws the maps; returns the milliseconds it took (0 before a view is attached). */
  render(maps: FeatureMap[], info?: RenderInfo): number {
    return this.viewInstance ? this.viewInstance.render(maps, info) : 0;
  }

  /** Back to the "choose a picture" placeholder. */
  clear(): void {
    this.viewInstance?.clear();
  }
}

if (!customElements.get('feature-maps')) customElements.define('feature-maps', FeatureMapsElement);

declare global {
  interface HTMLElementTagNameMap {
    'feature-maps': FeatureMapsElement;
  }
}
