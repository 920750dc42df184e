/**
 * Makes the quizzes of Quiz.astro interactive: a "Check my answer" button per question replaces the
 * "Show the answer" disclosure; the verdict and the explanation go into the question's live region
 * (aria-live="polite"), so screen readers announce them; the chosen and the right answers are marked in
 * words, not by colour alone. A wrong answer can be changed and checked again.
 */
import { siteText } from '../lib/site-text.ts';

export interface Verdict {
  right: boolean;
  /** First line of the feedback, e.g. "Right!" or "Not quite. The answer is: Black." */
  verdict: string;
}

/** The feedback for a choice (pure, for the tests). */
export function judge(chosen: number, answer: number, choices: string[]): Verdict {
  if (chosen === answer) return { right: true, verdict: siteText('quizRight') };
  return { right: false, verdict: siteText('quizNotQuite', { answer: choices[answer] ?? '' }) };
}

export function scoreLine(rightFirstTry: number, answered: number, total: number): string {
  if (answered < total) return siteText('quizAnswered', { answered, total });
  return siteText('quizAllDone', { right: rightFirstTry, total });
}

function enhance(quiz: HTMLElement): void {
  if (quiz.dataset.enhanced) return;
  quiz.dataset.enhanced = 'true';
  const questions = [...quiz.querySelectorAll<HTMLElement>('[data-question]')];
  const score = quiz.querySelector<HTMLElement>('[data-score]');
  const answered = new Map<HTMLElement, boolean>(); // question → right at the first try

  const updateScore = () => {
    if (!score || answered.size === 0) return;
    score.hidden = false;
    score.textContent = scoreLine(
      [...answered.values()].filter(Boolean).length,
      answered.size,
      questions.length,
    );
  };

  for (const q of questions) {
    const answer = Number(q.dataset.answer);
    const labels = [...q.querySelectorAll<HTMLLabelElement>('[data-choice]')];
    const choices = labels.map(
      (l) => l.querySelector('.quiz-choice-text')?.textContent?.trim() ?? '',
    );
    const feedback = q.querySelector<HTMLElement>('[data-feedback]')!;
    const actions = q.querySelector<HTMLElement>('[data-actions]')!;
    const check = q.querySelector<HTMLButtonElement>('[data-check]')!;
    q.querySelector<HTMLElement>('[data-reveal]')?.setAttribute('hidden', '');
    actions.hidden = false;

    const clearMarks = () => {
      for (const l of labels) {
        delete l.dataset.state;
        const mark = l.querySelector<HTMLElement>('[data-mark]');
        if (mark) mark.textContent = '';
      }
    };

    check.addEventListener('click', () => {
      const input = q.querySelector<HTMLInputElement>('input[type="radio"]:checked');
      feedback.replaceChildren();
      delete feedback.dataset.result;
      clearMarks();
      if (!input) {
        const p = document.createElement('p');
        p.textContent = siteText('quizPickFirst');
        feedback.append(p);
        return;
      }
      const chosen = Number(input.value);
      const { right, verdict } = judge(chosen, answer, choices);
      if (!answered.has(q)) answered.set(q, right);
      feedback.dataset.result = right ? 'right' : 'wrong';
      const mark = (i: number, state: 'right' | 'wrong', text: string) => {
        const l = labels[i];
        if (!l) return;
        l.dataset.state = state;
        const m = l.querySelector<HTMLElement>('[data-mark]');
        if (m) m.textContent = text;
      };
      if (right) mark(answer, 'right', siteText('quizMarkRight'));
      else {
        mark(chosen, 'wrong', siteText('quizMarkYourAnswer'));
        mark(answer, 'right', siteText('quizMarkRightAnswer'));
      }
      const v = document.createElement('p');
      v.className = 'verdict';
      v.textContent = verdict;
      const why = document.createElement('p');
      why.textContent = q.dataset.explain ?? '';
      // Filled in one go, so the live region announces verdict and explanation together.
      feedback.append(v, why);
      check.textContent = right ? siteText('quizCheckAgain') : siteText('quizCheckNewAnswer');
      updateScore();
    });

    // Changing the answer after a check clears the old verdict's marks (the text stays until the next check).
    q.addEventListener('change', () => clearMarks());
  }
}

/** Enhances every quiz under `root` (once each). */
export function enhanceQuizzes(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('[data-quiz]').forEach(enhance);
}
