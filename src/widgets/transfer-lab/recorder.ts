/**
 * The record buttons' input: with the webcam a button records while it is held (mouse, finger, or
 * Space / Enter), with a photo a press adds the photo's faces. Touch: press and hold, with no
 * long-press menu; leaving the button (focus or pointer) stops the recording.
 */
const RECORD = '[data-tl="record"]';

export interface RecorderInput {
  /** Is the picture the webcam (hold to record) rather than a photo (press to add)? null: no picture. */
  live(): boolean | null;
  /** The class number of the row holding the button. */
  rowIndex(button: Element): number;
  start(i: number): void;
  stop(): void;
  addFromPhoto(i: number): void;
}

const recordButton = (e: Event) => (e.target as Element).closest<HTMLButtonElement>(RECORD);
const disabled = (button: Element) => button.getAttribute('aria-disabled') === 'true';

export function listenToRecordButtons(
  root: HTMLElement,
  input: RecorderInput,
  signal: AbortSignal,
): void {
  root.addEventListener(
    'click',
    (e) => {
      const button = recordButton(e);
      // Photos: a click adds the faces (keyboard presses are handled on keydown).
      if (button && e.detail > 0 && input.live() === false && !disabled(button))
        input.addFromPhoto(input.rowIndex(button));
    },
    { signal },
  );
  root.addEventListener(
    'pointerdown',
    (e) => {
      const button = recordButton(e);
      if (!button || e.button !== 0 || !input.live() || disabled(button)) return;
      e.preventDefault(); // no text selection or focus jump while holding
      button.focus();
      try {
        button.setPointerCapture(e.pointerId);
      } catch {
        // capture is a nicety
      }
      input.start(input.rowIndex(button));
      const end = () => {
        button.removeEventListener('pointerup', end);
        button.removeEventListener('pointercancel', end);
        button.removeEventListener('lostpointercapture', end);
        input.stop();
      };
      button.addEventListener('pointerup', end);
      button.addEventListener('pointercancel', end);
      button.addEventListener('lostpointercapture', end);
    },
    { signal },
  );
  const onKey = (e: KeyboardEvent, down: boolean) => {
    const button = recordButton(e);
    if (!button || (e.key !== ' ' && e.key !== 'Enter')) return;
    e.preventDefault(); // the button's own click would add twice
    if (!down) {
      input.stop();
      return;
    }
    const live = input.live();
    if (e.repeat || disabled(button) || live === null) return;
    const i = input.rowIndex(button);
    if (live) input.start(i);
    else input.addFromPhoto(i);
  };
  root.addEventListener('keydown', (e) => onKey(e, true), { signal });
  root.addEventListener('keyup', (e) => onKey(e, false), { signal });
  root.addEventListener(
    'contextmenu',
    (e) => {
      if (recordButton(e)) e.preventDefault();
    },
    { signal },
  );
  root.addEventListener(
    'focusout',
    (e) => {
      if (recordButton(e)) input.stop();
    },
    { signal },
  );
}
