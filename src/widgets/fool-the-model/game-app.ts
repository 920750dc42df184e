/**
 * "Fool the model": the page logic (no TF.js here: the shared pipeline is imported when a picture is
 * chosen). The rules of the game are in game.ts.
 *
 *   picker (face-source) → PipelineRunner → every frame's Prediction
 *     → stage (picture + face boxes, the face that did it highlighted) and the 7 bars of the largest face
 *     → FoolGame.update → hold bar → on a hit: "did you keep to the rule?" (Yes / No) → score
 *
 * Keyboard: every control is a button; after a hit, focus moves to "Yes"; after the answer, to the
 * next challenge.
 */
import type { FaceSourceElement, SourceChangeDetail } from "../face-source/face-source.ts";
import type { LoadedPipeline } from "../../lib/pipeline/load.ts";
import type { PipelineRunner } from "../../lib/pipeline/runner.ts";
import type { Prediction } from "../../lib/pipeline/types.ts";
import type { FrameSource } from "../../lib/vision/types.ts";
import type { FoolTheModelElement } from "./fool-the-model.ts";
import { FoolGame, type Challenge, type Hit } from "./game.ts";

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) => root.querySelector<T>(`[data-ftm="${name}"]`)!;
const pct = (v: number) => `${Math.round(v * 100)}%`;

function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

class GameApp {
  private readonly root: FoolTheModelElement;
  private readonly picker: FaceSourceElement | null;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly abort = new AbortController();
  private readonly game = new FoolGame();
  private loaded: LoadedPipeline | null = null;
  private runner: PipelineRunner | null = null;
  private loading: Promise<boolean> | null = null;
  private source: FrameSource | null = null;
  private last: Prediction | null = null;
  private hitFace: number | null = null;
  private note = "";

  constructor(root: FoolTheModelElement) {
    this.root = root;
    this.picker = root.querySelector("face-source") as FaceSourceElement | null;
    this.canvas = q<HTMLCanvasElement>(root, "canvas");
    this.ctx = this.canvas.getContext("2d");
    const signal = this.abort.signal;
    root.addEventListener("sourcerequest", () => void this.ensureLoaded(), { signal });
    root.addEventListener("sourcechange", (e) => void this.useSource((e as CustomEvent<SourceChangeDetail>).detail.source), { signal });
    root.addEventListener("click", (e) => this.onClick(e), { signal });
    this.renderChallenge();
    if (this.picker?.source) void this.useSource(this.picker.source);
  }

  destroy(): void {
    this.abort.abort();
    this.runner?.stop();
    this.loaded?.close();
  }

  private ensureLoaded(): Promise<boolean> {
    this.loading ??= (async () => {
      this.picker?.showStatus("Getting the model ready…", 0);
      try {
        const [{ loadPipeline, tensorCount }, { PipelineRunner }] = await Promise.all([import("../../lib/pipeline/load.ts"), import("../../lib/pipeline/runner.ts")]);
        const loaded = await loadPipeline({ signal: this.abort.signal, onProgress: (p) => this.picker?.showStatus(p.text, p.fraction) });
        if (this.abort.signal.aborted) {
          loaded.close();
          return false;
        }
        this.loaded = loaded;
        this.runner = new PipelineRunner(loaded.pipeline, loaded.detector, {
          onPrediction: (p) => this.onPrediction(p),
          onError: (e) => {
            this.picker?.showError(e);
            return false;
          },
          maxFps: 30,
        });
        (this.root as unknown as { tensorCount?: () => number | null }).tensorCount = tensorCount;
        this.picker?.showStatus(null);
        this.root.dataset.ready = "";
        return true;
      } catch (e) {
        this.loading = null;
        if (this.abort.signal.aborted) return false;
        this.picker?.showError(e, { retry: () => void this.ensureLoaded().then(() => this.source && this.useSource(this.source)) });
        return false;
      }
    })();
    return this.loading;
  }

  private async useSource(source: FrameSource | null): Promise<void> {
    this.source = source;
    this.last = null;
    this.hitFace = null;
    const stage = q(this.root, "stage");
    if (!source) {
      this.runner?.stop();
      stage.hidden = true;
      q(this.root, "bars").replaceChildren();
      this.renderChallenge();
      return;
    }
    if (!(await this.ensureLoaded()) || this.source !== source) return;
    stage.hidden = false;
    this.setNote(source.live ? "Camera on. Looking for a face…" : "Reading the photo…");
    this.renderChallenge();
    await this.runner!.show(source);
  }

  // ---------- every frame ----------

  private onPrediction(p: Prediction): void {
    const src = this.source;
    if (!src) return;
    this.last = p;
    const r = this.game.update({
      time: p.time,
      live: p.source === "webcam",
      facesFound: p.facesFound,
      faces: p.faces.map((f) => ({ top: f.top, topScore: f.topScore })),
    });
    const hold = q(this.root, "hold");
    hold.style.width = `${Math.round(r.progress * 100)}%`;
    if (this.game.phase === "playing") {
      setText(q(this.root, "hold-text"), r.progress > 0 ? "That’s it — hold it…" : src.live ? "Go! The bar fills while the model says it." : "The model does not say it for this photo. Try another one.");
    }
    if (r.hit) this.onHit(r.hit);
    this.drawBars(p);
    this.draw(p);
    const n = p.faces.length;
    this.setNote(
      n === 0
        ? src.live
          ? "The face finder sees no face."
          : "The face finder sees no face in this photo."
        : `${n === 1 ? "1 face" : `${n} faces`}: the largest says ${p.faces[0]!.top} (${pct(p.faces[0]!.topScore)}).`,
    );
  }

  private setNote(text: string): void {
    if (text === this.note) return;
    this.note = text;
    q(this.root, "note").textContent = text;
  }

  private target(): string | null {
    const t = this.game.current.target;
    return t.kind === "label" ? t.label : null;
  }

  private drawBars(p: Prediction): void {
    const ul = q(this.root, "bars");
    if (ul.childElementCount !== p.labels.length) {
      ul.replaceChildren(
        ...p.labels.map((label) => {
          const li = document.createElement("li");
          li.className = "ftm-bar";
          li.dataset.label = label;
          li.innerHTML = '<span class="ftm-bar-name"></span><span class="ftm-bar-track" aria-hidden="true"><span class="ftm-bar-fill"></span></span><span class="ftm-bar-value"></span>';
          li.querySelector(".ftm-bar-name")!.textContent = label;
          return li;
        }),
      );
    }
    const face = p.faces[this.hitFace ?? 0] ?? p.faces[0];
    const target = this.target();
    ul.querySelectorAll<HTMLLIElement>(".ftm-bar").forEach((li, k) => {
      const v = face?.probabilities[k] ?? 0;
      li.toggleAttribute("data-target", li.dataset.label === target);
      li.toggleAttribute("data-top", !!face && face.top === li.dataset.label);
      (li.querySelector(".ftm-bar-fill") as HTMLElement).style.width = `${(v * 100).toFixed(1)}%`;
      setText(li.querySelector(".ftm-bar-value")!, face ? pct(v) : "–");
    });
  }

  private draw(p: Prediction): void {
    const ctx = this.ctx;
    const src = this.source;
    if (!ctx || !src) return;
    const { width, height } = p.frame;
    if (width === 0 || height === 0) return;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    ctx.save();
    if (src.mirrored) {
      ctx.translate(width, 0);
      ctx.scale(-1, 1);
    }
    ctx.drawImage(src.element as CanvasImageSource, 0, 0, width, height);
    ctx.restore();
    // Canvas pixels per CSS pixel: labels and lines keep the same size on screen at any width.
    const unit = width / Math.max(1, this.canvas.clientWidth || width);
    ctx.font = `600 ${Math.round(14 * unit)}px system-ui, sans-serif`;
    p.faces.forEach((f, i) => {
      const x = (src.mirrored ? 1 - f.box.x - f.box.width : f.box.x) * width;
      const y = f.box.y * height;
      const hit = i === this.hitFace;
      ctx.lineWidth = (hit ? 4 : 2) * unit;
      ctx.strokeStyle = hit ? "#8fdca8" : "#ffd166";
      ctx.strokeRect(x, y, f.box.width * width, f.box.height * height);
      const text = `${f.top} ${pct(f.topScore)}`;
      const th = 20 * unit;
      const ty = Math.max(0, y - th);
      ctx.fillStyle = "rgba(0,0,0,0.7)";
      ctx.fillRect(x, ty, ctx.measureText(text).width + 10 * unit, th);
      ctx.fillStyle = "#fff";
      ctx.fillText(text, x + 5 * unit, ty + th * 0.75);
    });
  }

  // ---------- the game ----------

  private onHit(hit: Hit): void {
    this.hitFace = hit.face;
    const said = hit.score === null ? "The face finder lost the face!" : `The model said “${hit.label}” (${pct(hit.score)})${this.source?.live ? "" : ` for face ${hit.face! + 1}`}!`;
    const text = `${said} ${hit.challenge.question}`;
    q(this.root, "ask-text").textContent = text;
    q(this.root, "ask").hidden = false;
    setText(q(this.root, "hold-text"), "Got it!");
    q(this.root, "announce").textContent = text;
    q<HTMLButtonElement>(this.root, "yes").focus();
  }

  private answer(yes: boolean): void {
    const scored = this.game.answer(yes);
    q(this.root, "ask").hidden = true;
    this.hitFace = null;
    const finished = this.game.phase === "finished";
    this.renderChallenge();
    const msg = scored
      ? finished
        ? `A point! Score: ${this.game.score} of ${this.game.total}. You finished every challenge.`
        : `A point! Score: ${this.game.score} of ${this.game.total}. Next: ${this.game.current.goal}`
      : `No point this time. Try again: ${this.game.current.goal}`;
    q(this.root, "announce").textContent = msg;
    if (finished) q(this.root, "done").focus();
    else q(this.root, "current").focus();
    // A photo gives one reading: read it again so the next challenge sees it.
    if (this.source && !this.source.live && !finished) this.runner?.refresh();
  }

  private renderChallenge(): void {
    const g = this.game;
    const c: Challenge = g.current;
    const i = g.challenges.indexOf(c);
    const live = this.source?.live ?? true;
    const finished = g.phase === "finished";
    q(this.root, "score").replaceChildren("Score: ", Object.assign(document.createElement("strong"), { textContent: String(g.score) }), ` of ${g.total}`);
    setText(q(this.root, "count"), `Challenge ${i + 1} of ${g.total}${g.isDone(c.id) ? " (done — playing again)" : ""}`);
    setText(q(this.root, "goal"), c.goal);
    setText(q(this.root, "tip"), `Tip: ${live ? c.tip : c.photoTip}`);
    q(this.root, "hold").style.width = "0";
    setText(q(this.root, "hold-text"), !this.source ? "Choose a picture below to play." : live ? "Go! The bar fills while the model says it." : "Choose another photo, or upload one, to try.");
    q(this.root, "current").hidden = finished;
    q(this.root, "done").hidden = !finished;
    q(this.root, "list")
      .querySelectorAll<HTMLLIElement>("li[data-challenge]")
      .forEach((li) => {
        const done = g.isDone(li.dataset.challenge!);
        li.toggleAttribute("data-done", done);
        setText(q(li, "state"), done ? "done ✓" : "not done yet");
        const pick = q<HTMLButtonElement>(li, "pick");
        if (li.dataset.challenge === c.id && !finished) pick.setAttribute("aria-current", "step");
        else pick.removeAttribute("aria-current");
      });
  }

  private onClick(e: MouseEvent): void {
    const el = (e.target as Element).closest<HTMLButtonElement>("button[data-ftm]");
    if (!el || !this.root.contains(el)) return;
    switch (el.dataset.ftm) {
      case "yes":
        this.answer(true);
        break;
      case "no":
        this.answer(false);
        break;
      case "reset":
        this.game.reset();
        q(this.root, "ask").hidden = true;
        this.hitFace = null;
        this.renderChallenge();
        q(this.root, "announce").textContent = `The game starts again. Score: 0 of ${this.game.total}. ${this.game.current.goal}`;
        if (this.source && !this.source.live) this.runner?.refresh();
        break;
      case "pick": {
        const id = el.closest<HTMLElement>("li")!.dataset.challenge!;
        this.game.select(id);
        q(this.root, "ask").hidden = true;
        this.hitFace = null;
        this.renderChallenge();
        q(this.root, "current").focus();
        if (this.source && !this.source.live) this.runner?.refresh();
        break;
      }
    }
  }
}

export function mount(root: FoolTheModelElement): void {
  const app = new GameApp(root);
  root.teardown = () => app.destroy();
}
