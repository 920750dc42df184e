/**
 * Wires the saved reading progress into whatever the page shows (all optional, all progressive:
 * without JavaScript or storage the page simply shows no progress):
 *  - [data-lesson-page="slug"]      this page is a lesson: remember that it was opened
 *  - [data-done-toggle="slug"]      a button that marks the lesson finished / not finished
 *  - [data-done-message]            a polite live region for the toggle's feedback
 *  - [data-progress-status="slug"]  a badge: "Finished" / "Started" / empty
 *  - [data-progress-dot="slug"]     a dot in the lesson path (gets data-status)
 *  - [data-progress-summary]        "3 of 9 lessons finished"
 *  - [data-continue]                a link to the next lesson to read (data-lessons: ordered slugs)
 */
import {
  countDone,
  loadProgress,
  markVisited,
  nextLesson,
  saveProgress,
  setDone,
  statusOf,
  type Progress,
} from './progress.ts';
import { siteText } from '../lib/site-text.ts';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const statusText = {
  done: siteText('lessonFinished'),
  started: siteText('lessonStarted'),
  new: '',
} as const;

function render(p: Progress): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress-status]')) {
    const s = statusOf(p, el.dataset.progressStatus ?? '');
    el.dataset.status = s;
    el.textContent = statusText[s];
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress-dot]')) {
    const s = statusOf(p, el.dataset.progressDot ?? '');
    el.dataset.status = s;
    const label = el.dataset.label;
    if (label)
      el.setAttribute(
        'aria-label',
        s === 'done' ? siteText('lessonDotFinished', { lesson: label }) : label,
      );
  }
  for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-done-toggle]')) {
    btn.setAttribute('aria-pressed', String(statusOf(p, btn.dataset.doneToggle ?? '') === 'done'));
    btn.hidden = false;
  }
  const slugsEl = document.querySelector<HTMLElement>('[data-lessons]');
  const slugs = (slugsEl?.dataset.lessons ?? '').split(/\s+/).filter(Boolean);
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress-summary]')) {
    const n = countDone(p, slugs);
    el.textContent = n > 0 ? siteText('lessonsFinished', { done: n, total: slugs.length }) : '';
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-continue]')) {
    const next = nextLesson(p, slugs);
    if (next) {
      a.href = `/lessons/${next}/`;
      const title = document
        .querySelector(`[data-lesson-card="${next}"] .title a`)
        ?.textContent?.trim();
      const label = a.querySelector('[data-continue-title]');
      if (label && title) label.textContent = title.replace(/^Lesson \d+:\s*/, '');
      a.hidden = false;
    } else {
      a.hidden = true;
    }
  }
}

function init(): void {
  let p = loadProgress(storage());
  const page = document.querySelector<HTMLElement>('[data-lesson-page]')?.dataset.lessonPage;
  if (page) {
    p = markVisited(p, page);
    saveProgress(storage(), p);
  }
  for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-done-toggle]')) {
    btn.addEventListener('click', () => {
      const slug = btn.dataset.doneToggle ?? '';
      const done = statusOf(p, slug) !== 'done';
      p = setDone(p, slug, done);
      const saved = saveProgress(storage(), p);
      render(p);
      const msg = document.querySelector<HTMLElement>('[data-done-message]');
      if (msg) {
        msg.textContent = done
          ? saved
            ? siteText('markedFinished')
            : siteText('markedFinishedNotSaved')
          : siteText('markedNotFinished');
      }
    });
  }
  render(p);
  // Keep several open tabs in step.
  window.addEventListener('storage', () => {
    p = loadProgress(storage());
    render(p);
  });
}

init();
