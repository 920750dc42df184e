/**
 * defineLazyWidget: the first script of a widget built around a <face-source> picker, kept tiny. The
 * widget's element loads its page logic (a module exporting `mount(element)`) when it comes near the
 * viewport, or at once when the reader picks a picture; the page logic then brings the heavy parts
 * (TF.js, MediaPipe…) itself.
 *
 *   // your-widget.ts (imported by YourWidget.astro's <script>)
 *   import { defineLazyWidget } from './lazy-widget.ts';
 *   defineLazyWidget('your-widget', () => import('./your-app.ts'));
 *
 *   // your-app.ts
 *   export function mount(root: LazyWidgetElement): void {
 *     const app = new YourApp(root);      // read root.querySelector('face-source').source: a picture
 *     root.teardown = () => app.destroy(); // may have been chosen before this code arrived
 *   }
 *
 * Code loading a moment after the reader picked a picture finds it, with where it came from and its
 * name, in the picker (`picker.detail`). Light: no TF.js or MediaPipe here.
 */
import { whenVisible } from './when-visible.ts';

/** The page logic a lazy widget loads. */
export interface WidgetModule {
  mount(root: LazyWidgetElement): void;
}

export abstract class LazyWidgetElement extends HTMLElement {
  private cancel: (() => void) | null = null;
  private loading: Promise<void> | null = null;
  /** Set by the page logic once mounted: tears it down. */
  teardown: (() => void) | null = null;

  /** Imports the widget's page logic (a dynamic import, so that it stays out of the first script). */
  protected abstract importApp(): Promise<WidgetModule>;

  connectedCallback(): void {
    this.cancel = whenVisible(this, () => void this.load());
    // A picture chosen before the page logic arrived: load now (it reads the picker's source).
    this.addEventListener('sourcerequest', () => void this.load(), { once: true });
  }

  disconnectedCallback(): void {
    this.cancel?.();
    this.teardown?.();
    this.teardown = null;
    this.loading = null;
    this.removeAttribute('data-mounted');
  }

  /** Loads and mounts the page logic (once while connected). */
  load(): Promise<void> {
    this.cancel?.();
    this.loading ??= this.importApp().then((m) => {
      m.mount(this);
      this.toggleAttribute('data-mounted', true); // the controls answer from now on
    });
    return this.loading;
  }
}

/** Defines `<tag>` as a lazy widget whose page logic `importApp` brings (once per page). */
export function defineLazyWidget(tag: string, importApp: () => Promise<WidgetModule>): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends LazyWidgetElement {
      protected importApp(): Promise<WidgetModule> {
        return importApp();
      }
    },
  );
}
