/**
 * <transfer-lab>: the island's first script, kept tiny. It loads the lab's page logic (lab.ts, no
 * TF.js) when the widget comes near the viewport, or at once when the reader picks a picture; lab.ts
 * then loads TF.js, the model and the face finder when a picture is chosen.
 */
import { whenVisible } from "../../components/when-visible.ts";

export class TransferLabElement extends HTMLElement {
  private cancel: (() => void) | null = null;
  private loading: Promise<void> | null = null;
  /** Set by lab.ts once mounted: tears the lab down. */
  teardown: (() => void) | null = null;

  connectedCallback(): void {
    this.cancel = whenVisible(this, () => void this.load());
    // A picture chosen before the lab's code arrived: load now (lab.ts reads the picker's source).
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
    this.loading ??= import("./lab.ts").then((m) => m.mount(this));
    return this.loading;
  }
}

if (!customElements.get("transfer-lab")) customElements.define("transfer-lab", TransferLabElement);
