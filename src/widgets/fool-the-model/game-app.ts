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
import type { LazyWidgetElement } from '../_kit/lazy-widget.ts';
import {
  PictureApp,
  drawLabel,
  drawPicture,
  type PictureRuntime,
  type RuntimeOptions,
} from '../_kit/picture-app.ts';
import type { PipelineRunner } from '../../lib/pipeline/runner.ts';
import type { Prediction } from '../../lib/pipeline/types.ts';
import type { FrameSource } from '../../lib/vision/types.ts';
import { FoolGame, type Challenge, type Hit } from './game.ts';
import { percent } from '../../lib/format.ts';
import { gameText } from './text.ts';

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-ftm="${name}"]`)!;

function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** The shared pipeline (face finder + emotion CNN), run on every picture. */
interface GameRuntime extends PictureRuntime {
  runner: PipelineRunner;
}

async function createRuntime({ signal, onProgress, runner }: RuntimeOptions): Promise<GameRuntime> {
  const [{ loadPipeline, tensorCount }, { PipelineRunner }] = await Promise.all([
    import('../../lib/pipeline/load.ts'),
    import('../../lib/pipeline/runner.ts'),
  ]);
  const loaded = await loadPipeline({ signal, onProgress });
  const run = new PipelineRunner(loaded.pipeline, loaded.detector, runner);
  return {
    runner: run,
    tensors: tensorCount,
    dispose() {
      run.stop();
      loaded.close();
    },
  };
}

class GameApp extends PictureApp<GameRuntime> {
  private readonly root: LazyWidgetElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly game = new FoolGame();
  private hitFace: number | null = null;
  private note = '';

  constructor(root: LazyWidgetElement) {
    super({
      root,
      stage: q(root, 'stage'),
      loadingText: gameText('loading'),
      createRuntime,
    });
    this.root = root;
    this.canvas = q<HTMLCanvasElement>(root, 'canvas');
    this.ctx = this.canvas.getContext('2d');
    root.addEventListener('click', (e) => this.onClick(e), { signal: this.signal });
    this.renderChallenge();
    this.start();
  }

  private get runner(): PipelineRunner | null {
    return this.runtime?.runner ?? null;
  }

  protected override onSourceChange(): void {
    this.hitFace = null;
  }

  protected override onStage(source: FrameSource | null): void {
    if (!source) q(this.root, 'bars').replaceChildren();
    this.renderChallenge();
  }

  // ---------- every frame ----------

  protected override onPrediction(p: Prediction): void {
    const src = this.source;
    if (!src) return;
    const r = this.game.update({
      time: p.time,
      live: p.source === 'webcam',
      facesFound: p.facesFound,
      faces: p.faces.map((f) => ({ top: f.top, topScore: f.topScore })),
    });
    const hold = q(this.root, 'hold');
    hold.style.width = `${Math.round(r.progress * 100)}%`;
    if (this.game.phase === 'playing') {
      setText(
        q(this.root, 'hold-text'),
        r.progress > 0 ? gameText('hold.holdIt') : src.live ? this.goText() : this.notInPhotoText(),
      );
    }
    if (r.hit) this.onHit(r.hit);
    this.drawBars(p);
    this.draw(p);
    const n = p.faces.length;
    this.setNote(
      n === 0
        ? src.live
          ? gameText('note.noFaceOnCamera')
          : gameText('note.noFaceInPhoto')
        : gameText('note.largestSays', {
            count: n,
            label: p.faces[0]!.top,
            score: percent(p.faces[0]!.topScore),
          }),
    );
  }

  protected override setNote(text: string): void {
    if (text === this.note) return;
    this.note = text;
    q(this.root, 'note').textContent = text;
  }

  private target(): string | null {
    const t = this.game.current.target;
    return t.kind === 'label' ? t.label : null;
  }

  /** What fills the hold bar: the model's answer, or (for the face-finder challenge) no face found. */
  private goText(): string {
    return this.target() === null ? gameText('go.noFace') : gameText('go.label');
  }

  private notInPhotoText(): string {
    return this.target() === null ? gameText('photo.stillAFace') : gameText('photo.notSaid');
  }

  private drawBars(p: Prediction): void {
    const ul = q(this.root, 'bars');
    if (ul.childElementCount !== p.labels.length) {
      ul.replaceChildren(
        ...p.labels.map((label) => {
          const li = document.createElement('li');
          li.className = 'ftm-bar';
          li.dataset.label = label;
          li.innerHTML =
            '<span class="ftm-bar-name"></span><span class="ftm-bar-track" aria-hidden="true"><span class="ftm-bar-fill"></span></span><span class="ftm-bar-value"></span>';
          li.querySelector('.ftm-bar-name')!.textContent = label;
          return li;
        }),
      );
    }
    const face = p.faces[this.hitFace ?? 0] ?? p.faces[0];
    const target = this.target();
    ul.querySelectorAll<HTMLLIElement>('.ftm-bar').forEach((li, k) => {
      const v = face?.probabilities[k] ?? 0;
      li.toggleAttribute('data-target', li.dataset.label === target);
      li.toggleAttribute('data-top', !!face && face.top === li.dataset.label);
      (li.querySelector('.ftm-bar-fill') as HTMLElement).style.width = `${(v * 100).toFixed(1)}%`;
      setText(li.querySelector('.ftm-bar-value')!, face ? percent(v) : '–');
    });
  }

  private draw(p: Prediction): void {
    const ctx = this.ctx;
    const src = this.source;
    if (!ctx || !src) return;
    const { width, height } = p.frame;
    // Canvas pixels per CSS pixel: labels and lines keep the same size on screen at any width.
    const unit = drawPicture(this.canvas, ctx, src, width, height);
    if (unit === null) return;
    ctx.font = `600 ${Math.round(14 * unit)}px system-ui, sans-serif`;
    p.faces.forEach((f, i) => {
      const x = (src.mirrored ? 1 - f.box.x - f.box.width : f.box.x) * width;
      const y = f.box.y * height;
      const hit = i === this.hitFace;
      ctx.lineWidth = (hit ? 4 : 2) * unit;
      ctx.strokeStyle = hit ? '#8fdca8' : '#ffd166';
      ctx.strokeRect(x, y, f.box.width * width, f.box.height * height);
      drawLabel(ctx, `${f.top} ${percent(f.topScore)}`, x, y, unit);
    });
  }

  // ---------- the game ----------

  private onHit(hit: Hit): void {
    this.hitFace = hit.face;
    const said =
      hit.score === null
        ? gameText('hit.lostFace')
        : this.source?.live
          ? gameText('hit.modelSaid', { label: hit.label, score: percent(hit.score) })
          : gameText('hit.modelSaidForFace', {
              label: hit.label,
              score: percent(hit.score),
              face: hit.face! + 1,
            });
    const text = [said, hit.challenge.question].join(' ');
    q(this.root, 'ask-text').textContent = text;
    q(this.root, 'ask').hidden = false;
    setText(q(this.root, 'hold-text'), gameText('hold.gotIt'));
    q(this.root, 'announce').textContent = text;
    q<HTMLButtonElement>(this.root, 'yes').focus();
  }

  private answer(yes: boolean): void {
    const scored = this.game.answer(yes);
    q(this.root, 'ask').hidden = true;
    this.hitFace = null;
    const finished = this.game.phase === 'finished';
    this.renderChallenge();
    const { score, total, current } = this.game;
    const msg = scored
      ? finished
        ? gameText('answer.pointFinished', { score, total })
        : gameText('answer.pointNext', { score, total, goal: current.goal })
      : gameText('answer.noPoint', { goal: current.goal });
    q(this.root, 'announce').textContent = msg;
    if (finished) q(this.root, 'done').focus();
    else q(this.root, 'current').focus();
    // A photo gives one reading: read it again so the next challenge sees it.
    if (this.source && !this.source.live && !finished) this.runner?.refresh();
  }

  private renderChallenge(): void {
    const g = this.game;
    const c: Challenge = g.current;
    const i = g.challenges.indexOf(c);
    const live = this.source?.live ?? true;
    const finished = g.phase === 'finished';
    // The score in bold inside its sentence: the text around the {score} placeholder.
    const [beforeScore, afterScore] = gameText('score', {
      score: '{score}',
      total: g.total,
    }).split('{score}');
    q(this.root, 'score').replaceChildren(
      beforeScore!,
      Object.assign(document.createElement('strong'), { textContent: String(g.score) }),
      afterScore!,
    );
    setText(
      q(this.root, 'count'),
      gameText(g.isDone(c.id) ? 'countPlayingAgain' : 'count', { number: i + 1, total: g.total }),
    );
    setText(q(this.root, 'goal'), c.goal);
    setText(q(this.root, 'tip'), gameText('tip', { tip: live ? c.tip : c.photoTip }));
    q(this.root, 'hold').style.width = '0';
    setText(
      q(this.root, 'hold-text'),
      !this.source
        ? gameText('hold.choosePicture')
        : live
          ? this.goText()
          : gameText('hold.chooseAnotherPhoto'),
    );
    q(this.root, 'current').hidden = finished;
    q(this.root, 'done').hidden = !finished;
    q(this.root, 'list')
      .querySelectorAll<HTMLLIElement>('li[data-challenge]')
      .forEach((li) => {
        const done = g.isDone(li.dataset.challenge!);
        li.toggleAttribute('data-done', done);
        setText(q(li, 'state'), gameText(done ? 'list.done' : 'list.notDone'));
        const pick = q<HTMLButtonElement>(li, 'pick');
        if (li.dataset.challenge === c.id && !finished) pick.setAttribute('aria-current', 'step');
        else pick.removeAttribute('aria-current');
      });
  }

  private onClick(e: MouseEvent): void {
    const el = (e.target as Element).closest<HTMLButtonElement>('button[data-ftm]');
    if (!el || !this.root.contains(el)) return;
    switch (el.dataset.ftm) {
      case 'yes':
        this.answer(true);
        break;
      case 'no':
        this.answer(false);
        break;
      case 'reset':
        this.game.reset();
        q(this.root, 'ask').hidden = true;
        this.hitFace = null;
        this.renderChallenge();
        q(this.root, 'announce').textContent = gameText('restarted', {
          total: this.game.total,
          goal: this.game.current.goal,
        });
        if (this.source && !this.source.live) this.runner?.refresh();
        break;
      case 'pick': {
        const id = el.closest<HTMLElement>('li')!.dataset.challenge!;
        this.game.select(id);
        q(this.root, 'ask').hidden = true;
        this.hitFace = null;
        this.renderChallenge();
        q(this.root, 'current').focus();
        if (this.source && !this.source.live) this.runner?.refresh();
        break;
      }
    }
  }
}

export function mount(root: LazyWidgetElement): void {
  const app = new GameApp(root);
  root.teardown = () => app.destroy();
}
