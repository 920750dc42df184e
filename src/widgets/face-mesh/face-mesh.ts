/**
 * <face-mesh>: the island's first script, kept tiny. It loads the page logic (mesh-app.ts, no TF.js)
 * when the widget comes near the viewport, or at once when the reader picks a picture; mesh-app.ts
 * loads TF.js, the face finder and the face-mesh model when a picture is chosen.
 */
import { whenVisible } from "../../components/when-visible.ts";

export class FaceMeshElement extends HTMLElement {
  private cancel: (() => void) | null = null;
  private loading: Promise<void> | null = null;
  /** Set by mesh-app.ts once mounted: tears it down. */
  teardown: (() => void) | null = null;

  connectedCallback(): void {
    this.cancel = whenVisible(this, () => void this.load());
    this.addEventListener("sourcerequest", () => void this.load(), { once: true });
  }

  disconnectedCallback(): void {
    this.cancel?.();
    this.teardown?.();
    this.teardown = null;
    this.loading = null;
  }

  load(): Promise<void> {
    this.cancel?.();
    this.loading ??= import("./mesh-app.ts").then((m) => m.mount(this));
    return this.loading;
  }
}

if (!customElements.get("face-mesh")) customElements.define("face-mesh", FaceMeshElement);
