/**
 * The interactive part of <confusion-matrix>: loaded when the reader reaches the widget.
 * A native table with role="grid": one cell is in the tab order at a time (roving tabindex), the
 * arrow keys, Home/End (Ctrl for the corners) and PageUp/PageDown move between cells, and the focused
 * or clicked cell is read out in words in a live region.
 */
import { accuracyWithInterval, capitalise, count, emotionWord, percent } from '../../lib/format.ts';
import type { MatrixChoice } from './choices.ts';
import { matrixText } from './text.ts';
import { cellSentence, moveInGrid, rowShares, summarise, type Mode } from './matrix.ts';

/** Row share from which a cell is drawn dark. */
const DARK_FROM = 0.45;

const SHORT: Record<string, string> = {
  angry: 'Ang',
  disgust: 'Dis',
  fear: 'Fea',
  happy: 'Hap',
  neutral: 'Neu',
  sad: 'Sad',
  surprise: 'Sur',
};

function label(text: string, short: string): HTMLElement[] {
  const long = document.createElement('span');
  long.className = 'cm-long';
  long.textContent = text;
  const abbr = document.createElement('span');
  abbr.className = 'cm-short';
  abbr.setAttribute('aria-hidden', 'true');
  abbr.textContent = short;
  return [long, abbr];
}

export function start(root: HTMLElement): void {
  const choices = JSON.parse(root.dataset.choices ?? '[]') as MatrixChoice[];
  if (choices.length === 0) return;
  const id = root.dataset.id ?? 'confusion';
  const select = root.querySelector<HTMLSelectElement>('[data-model]')!;
  const modeInputs = [...root.querySelectorAll<HTMLInputElement>('[data-mode]')];
  const grid = root.querySelector<HTMLElement>('[data-grid]')!;
  const summary = root.querySelector<HTMLElement>('[data-summary]')!;
  const explain = root.querySelector<HTMLElement>('[data-explain]')!;

  let choice = choices.find((c) => c.id === select.value) ?? choices[0];
  let mode: Mode = (modeInputs.find((i) => i.checked)?.value as Mode) ?? 'counts';
  let active: [number, number] = [0, 0];
  let cells: HTMLTableCellElement[][] = [];
  /** The current cell is only marked once the reader has picked one. */
  let picked = false;

  const word = (l: string) => emotionWord(l);

  function describe(r: number, c: number) {
    explain.textContent = cellSentence(choice.confusion, choice.labels, r, c, word);
  }

  function focusCell(r: number, c: number, focus: boolean) {
    const [pr, pc] = active;
    cells[pr]?.[pc]?.setAttribute('tabindex', '-1');
    cells[pr]?.[pc]?.removeAttribute('aria-selected');
    active = [r, c];
    picked = true;
    const cell = cells[r][c];
    cell.setAttribute('tabindex', '0');
    cell.setAttribute('aria-selected', 'true');
    if (focus) cell.focus();
    describe(r, c);
  }

  function renderSummary() {
    const s = summarise(choice.confusion, choice.labels);
    const mix = s.topMixUp
      ? matrixText('biggestMixUp', {
          truth: word(s.topMixUp.truth),
          guess: word(s.topMixUp.guess),
          called: count(s.topMixUp.count),
          faces: count(s.topMixUp.faces),
          share: percent(s.topMixUp.share),
        })
      : undefined;
    const overall = matrixText('summary', {
      title: choice.title,
      measuredOn: choice.measuredOn,
      accuracy: accuracyWithInterval(s.accuracy, s.total),
      best: word(s.best.label),
      bestShare: percent(s.best.share),
      bestFaces: count(s.best.faces),
      worst: word(s.worst.label),
      worstShare: percent(s.worst.share),
      worstFaces: count(s.worst.faces),
    });
    summary.textContent = [overall, mix, choice.note].filter(Boolean).join(' ');
  }

  function renderGrid() {
    const { labels, confusion } = choice;
    const shares = rowShares(confusion);
    const table = document.createElement('table');
    table.className = 'cm-table';
    table.setAttribute('role', 'grid');
    table.id = `${id}-grid`;
    const caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    caption.textContent = matrixText('caption', {
      title: choice.title,
      unit: matrixText(mode === 'counts' ? 'captionUnitCounts' : 'captionUnitPercent'),
    });
    table.append(caption);

    const thead = table.createTHead();
    const headRow = thead.insertRow();
    const corner = document.createElement('th');
    corner.className = 'cm-corner';
    corner.scope = 'col';
    corner.innerHTML = `<span class="cm-corner-true">${matrixText('cornerTrue')}</span> <span class="cm-corner-guess">${matrixText('cornerGuess')}</span>`;
    headRow.append(corner);
    labels.forEach((l) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = 'cm-colhead';
      th.append(...label(capitalise(word(l)), SHORT[l] ?? l.slice(0, 3)));
      headRow.append(th);
    });

    const tbody = table.createTBody();
    cells = confusion.map((row, r) => {
      const tr = tbody.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.className = 'cm-rowhead';
      th.append(...label(capitalise(word(labels[r])), SHORT[labels[r]] ?? labels[r].slice(0, 3)));
      tr.append(th);
      return row.map((n, c) => {
        const td = document.createElement('td');
        td.className = r === c ? 'cm-cell cm-diagonal' : 'cm-cell';
        const share = shares[r][c];
        td.textContent = mode === 'counts' ? n.toLocaleString('en-GB') : percent(share);
        // Colour by share of the row, theme-aware through CSS variables (see confusion-matrix.css). Two
        // bands keep the text readable in both themes: light cells (up to 30% accent) with the text
        // colour, dark cells (75–100% accent) with the on-accent colour.
        const dark = share >= DARK_FROM;
        const mix = dark
          ? 75 + ((share - DARK_FROM) / (1 - DARK_FROM)) * 25
          : (share / DARK_FROM) * 30;
        td.style.setProperty('--mix', `${mix.toFixed(1)}%`);
        if (dark) td.classList.add('cm-dark');
        td.tabIndex = -1;
        td.dataset.row = String(r);
        td.dataset.col = String(c);
        tr.append(td);
        return td;
      });
    });

    table.addEventListener('keydown', (e) => {
      const cell = (e.target as HTMLElement).closest('td');
      if (!cell) return;
      const next = moveInGrid(
        e.key,
        Number(cell.dataset.row),
        Number(cell.dataset.col),
        labels.length,
        e.ctrlKey || e.metaKey,
      );
      if (next) {
        e.preventDefault();
        focusCell(next[0], next[1], true);
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        describe(Number(cell.dataset.row), Number(cell.dataset.col));
      }
    });
    table.addEventListener('focusin', (e) => {
      const cell = (e.target as HTMLElement).closest('td');
      if (cell) focusCell(Number(cell.dataset.row), Number(cell.dataset.col), false);
    });
    table.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest('td');
      if (cell) focusCell(Number(cell.dataset.row), Number(cell.dataset.col), true);
    });

    grid.replaceChildren(table);
    const [r, c] = active;
    const keep = r < labels.length && c < labels.length ? active : ([0, 0] as [number, number]);
    active = keep;
    cells[keep[0]][keep[1]].tabIndex = 0;
    if (picked) cells[keep[0]][keep[1]].setAttribute('aria-selected', 'true');
  }

  select.addEventListener('change', () => {
    choice = choices.find((c) => c.id === select.value) ?? choices[0];
    renderSummary();
    renderGrid();
    if (picked) describe(active[0], active[1]);
    else explain.textContent = '';
  });
  for (const input of modeInputs) {
    input.addEventListener('change', () => {
      if (!input.checked) return;
      mode = input.value as Mode;
      renderGrid();
    });
  }

  renderSummary();
  renderGrid();
  root.dataset.ready = 'true';
}
