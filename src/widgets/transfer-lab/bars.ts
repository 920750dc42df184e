/**
 * The lab's step 4 on the page: one bar per class for the new head's answer (the top one marked),
 * and what the old emotion head says about the same face. The bar's markup is TransferLab.astro's
 * <template data-tl="bar">.
 */
import { percent } from '../../lib/format.ts';
import { argmax } from '../../lib/stats.ts';
import { labText as t } from './text.ts';

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-tl="${name}"]`)!;

export class Bars {
  private readonly list: HTMLElement;
  private readonly template: HTMLTemplateElement;
  private readonly help: HTMLElement;
  private readonly oldHead: HTMLElement;

  constructor(root: ParentNode) {
    this.list = q(root, 'bars');
    this.template = q<HTMLTemplateElement>(root, 'bar');
    this.help = q(root, 'try-help');
    this.oldHead = q(root, 'old-head');
  }

  private get bars(): HTMLLIElement[] {
    return [...this.list.querySelectorAll<HTMLLIElement>('.tl-bar')];
  }

  /** One empty bar per class; the help says whether a head is there to fill them. */
  render(names: readonly string[], trained: boolean): void {
    this.list.replaceChildren(
      ...names.map((name) => {
        const li = this.template.content.firstElementChild!.cloneNode(true) as HTMLLIElement;
        li.querySelector('.tl-bar-name')!.textContent = name;
        return li;
      }),
    );
    this.help.textContent = t(trained ? 'try.trained' : 'try.untrained');
    if (!trained) this.oldHead.textContent = '';
  }

  rename(i: number, name: string): void {
    const bar = this.bars[i];
    if (bar) bar.querySelector('.tl-bar-name')!.textContent = name;
  }

  /** Empties the bars: the picture has no face to read. */
  showNoFace(): void {
    for (const li of this.bars) {
      li.removeAttribute('data-top');
      li.querySelector<HTMLElement>('.tl-bar-fill')!.style.width = '0';
      li.querySelector('.tl-bar-value')!.textContent = '–';
    }
    this.oldHead.textContent = t('try.noFace');
  }

  /** Fills the bars with the (smoothed) probabilities; `oldHead` is the emotion CNN's answer. */
  show(
    probs: readonly number[],
    names: readonly string[],
    oldHead: { top: string; topScore: number } | undefined,
  ): void {
    const best = argmax(probs);
    this.bars.forEach((li, k) => {
      const v = probs[k] ?? 0;
      li.toggleAttribute('data-top', k === best);
      li.querySelector<HTMLElement>('.tl-bar-fill')!.style.width = `${(v * 100).toFixed(1)}%`;
      li.querySelector('.tl-bar-value')!.textContent = percent(v);
      li.querySelector('.tl-bar-name')!.textContent = names[k] ?? '';
    });
    this.oldHead.textContent = oldHead
      ? t('try.oldHead', { emotion: oldHead.top, percent: percent(oldHead.topScore) })
      : '';
  }
}
