/**
 * The lab's step 2 on the page: one row per class (name field, record button, count, Clear, Remove,
 * thumbnails of the examples), drawn from the LabState. The rows' markup is TransferLab.astro's; a
 * new class is a copy of the first row.
 */
import { drawCrop } from '../_kit/draw-crop.ts';
import { labText as t } from './text.ts';
import { MAX_EXAMPLES, type LabState, type Source } from './lab-state.ts';

/** Side of the face crops the examples keep (the pipeline's 48 × 48 grey crop). */
export const CROP = 48;

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-tl="${name}"]`)!;

const RECORD_LABEL = {
  'no-picture': 'record.noPicture',
  full: 'record.full',
  hold: 'record.hold',
  photo: 'record.photo',
} as const;

export class ClassList {
  private readonly list: HTMLOListElement;
  private readonly template: HTMLLIElement;
  private readonly addButton: HTMLButtonElement;

  constructor(root: ParentNode) {
    this.list = q<HTMLOListElement>(root, 'classes');
    this.template = this.list.querySelector('li')!.cloneNode(true) as HTMLLIElement;
    this.addButton = q<HTMLButtonElement>(root, 'add-class');
  }

  private get rows(): HTMLLIElement[] {
    return [...this.list.querySelectorAll<HTMLLIElement>(':scope > li')];
  }

  /** The class number of the row holding `el`, or -1. */
  rowIndex(el: Element): number {
    const li = el.closest<HTMLLIElement>('.tl-class');
    return li ? this.rows.indexOf(li) : -1;
  }

  /** The names in the fields, in order (what the page starts with). */
  names(): string[] {
    return this.rows.map((li) => q<HTMLInputElement>(li, 'name').value);
  }

  recordButton(i: number): HTMLButtonElement | null {
    const li = this.rows[i];
    return li ? q<HTMLButtonElement>(li, 'record') : null;
  }

  /** Adds an empty row (the state already has the class) and puts the focus in its name field. */
  appendRow(): void {
    const li = this.template.cloneNode(true) as HTMLLIElement;
    const name = q<HTMLInputElement>(li, 'name');
    name.value = '';
    name.setAttribute('value', '');
    q(li, 'thumbs').replaceChildren();
    this.list.append(li);
    name.focus();
  }

  removeRow(i: number): void {
    this.rows[i]?.remove();
  }

  /** After a removal, the focus goes to "Add a class" (call it once the button is enabled again). */
  focusAddButton(): void {
    this.addButton.focus();
  }

  render(state: LabState<unknown, { dispose(): void }>, source: Source): void {
    this.rows.forEach((li, i) => {
      const n = state.count(i);
      li.dataset.class = String(i);
      li.querySelector('.tl-name > span')!.textContent = t('className', { number: i + 1 });
      const remove = q<HTMLButtonElement>(li, 'remove');
      remove.querySelector('.visually-hidden')!.textContent = t('removeClass', { number: i + 1 });
      remove.disabled = !state.canRemoveClass;
      q(li, 'count').textContent =
        n >= MAX_EXAMPLES ? t('examplesFull', { count: n }) : t('examples', { count: n });
      q<HTMLButtonElement>(li, 'clear').disabled = n === 0 || state.training;
      const button = state.recordButton(i, source);
      const record = q<HTMLButtonElement>(li, 'record');
      record.setAttribute('aria-disabled', String(button.disabled));
      q(li, 'record-label').textContent = t(RECORD_LABEL[button.mode]);
      this.nameRecordButton(i, state.className(i));
      if (button.pressed === null) record.removeAttribute('aria-pressed');
      else record.setAttribute('aria-pressed', String(button.pressed));
    });
    this.addButton.disabled = !state.canAddClass;
  }

  /** The record button's accessible name says what it does and for which class. */
  nameRecordButton(i: number, className: string): void {
    const li = this.rows[i];
    if (!li) return;
    const label = q(li, 'record-label').textContent ?? '';
    q(li, 'record').setAttribute('aria-label', t('record.named', { label, name: className }));
  }

  /** Brings row i's thumbnails in line with its examples: only the new ones are drawn (recording adds 10 a second). */
  renderThumbs(i: number, crops: readonly Float32Array[]): void {
    const li = this.rows[i];
    if (!li) return;
    const box = q(li, 'thumbs');
    while (box.childElementCount > crops.length) box.lastElementChild!.remove();
    for (let k = box.childElementCount; k < crops.length; k++) box.append(thumbnail(crops[k]!));
  }
}

/** A 48 × 48 grey crop (values 0–255) as a small canvas. */
function thumbnail(crop: Float32Array): HTMLCanvasElement {
  const c = document.createElement('canvas');
  drawCrop(c, crop, CROP, CROP);
  return c;
}
