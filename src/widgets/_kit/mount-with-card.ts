/**
 * The start shared by the pixel grid and the convolution playground: both draw the model's view of a
 * face, so both wait for the model card; if it cannot load, the widget says so in place.
 */
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { h } from './dom.ts';
import { modelCard } from './face-feed.ts';

export interface MountFailure {
  /** Class of the error paragraph. */
  className: string;
  /** Start of the sentence, e.g. "The pixel grid could not start". */
  text: string;
}

export function mountWithCard(
  root: HTMLElement,
  stageSelector: string,
  failure: MountFailure,
  start: (stage: HTMLElement, spec: ModelInputSpec) => void,
): void {
  if (root.dataset.ready) return;
  root.dataset.ready = 'loading';
  const stage = root.querySelector<HTMLElement>(stageSelector) ?? root.appendChild(h('div'));
  modelCard().then(
    (card) => start(stage, card.input),
    (e) => {
      root.dataset.ready = 'error';
      stage.replaceChildren(
        h('p', {
          class: failure.className,
          role: 'alert',
          text: `${failure.text}: ${(e as Error).message}`,
        }),
      );
    },
  );
}
