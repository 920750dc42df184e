/**
 * The interactive part of <cnn-anatomy>, loaded when the reader reaches it: fetches model.json and the
 * model card, parses the layers (src/lib/ml/model-json.ts), and draws them as a list of buttons, input at the
 * top, scores at the bottom. Focusing or clicking a layer opens its plain-language explanation;
 * ArrowUp/ArrowDown/Home/End move between layers. A table below repeats every figure.
 */
import { bytes, capitalise, emotionWord } from '../../lib/format.ts';
import { parseModelJson, shapeText, type Architecture } from '../../lib/ml/model-json.ts';
import { GLOSSARY_WORDS, describeInput, describeLayer, type LayerWords } from './explain.ts';
import { anatomyText } from './text.ts';

const SVG = 'http://www.w3.org/2000/svg';
const n = (x: number) => x.toLocaleString('en-GB');

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A small picture of a layer's output: a stack of squares for maps, a bar for a list of numbers. */
function icon(shape: readonly number[] | null, inputSide: number, maxList: number): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 56 48');
  svg.setAttribute('width', '56');
  svg.setAttribute('height', '48');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('an-icon');
  if (shape && shape.length === 3) {
    const side = 8 + 30 * Math.min(1, shape[0] / inputSide);
    const layers = Math.min(4, Math.max(1, Math.ceil(Math.log2(shape[2] + 1) / 2)));
    for (let i = layers - 1; i >= 0; i--) {
      const r = document.createElementNS(SVG, 'rect');
      r.setAttribute('x', String(4 + i * 4));
      r.setAttribute('y', String(44 - side - i * 4));
      r.setAttribute('width', String(side));
      r.setAttribute('height', String(side));
      r.setAttribute('rx', '1.5');
      r.classList.add('an-map');
      svg.append(r);
    }
  } else if (shape && shape.length === 1) {
    const h = 6 + 36 * Math.min(1, Math.log(shape[0] + 1) / Math.log(maxList + 1));
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', '22');
    r.setAttribute('y', String(44 - h));
    r.setAttribute('width', '8');
    r.setAttribute('height', String(h));
    r.setAttribute('rx', '2');
    r.classList.add('an-list');
    svg.append(r);
  }
  return svg;
}

/**
 * A keyed sentence with elements (a link, a bold figure) where it still has their {placeholders}:
 * the text around them stays in one piece in strings.json.
 */
function withElements(sentence: string, elements: Record<string, Node>): (string | Node)[] {
  return sentence
    .split(/(\{\w+\})/)
    .filter((piece) => piece !== '')
    .map((piece) => elements[/^\{(\w+)\}$/.exec(piece)?.[1] ?? ''] ?? piece);
}

/** A paragraph of `text` with the glossary's words (GLOSSARY_WORDS) linked to their entries. */
function withTerms(text: string, className?: string): HTMLParagraphElement {
  const p = el('p', className);
  const words = Object.keys(GLOSSARY_WORDS);
  const pattern = new RegExp(`\\b(${words.join('|')})\\b`);
  let rest = text;
  for (let m = pattern.exec(rest); m; m = pattern.exec(rest)) {
    const a = el('a', 'an-term', m[1]);
    a.href = `/glossary/#${GLOSSARY_WORDS[m[1]!]}`;
    p.append(rest.slice(0, m.index), a);
    rest = rest.slice(m.index + m[1]!.length);
  }
  p.append(rest);
  return p;
}

interface Card {
  labels?: string[];
  parameters?: number;
}

export async function start(root: HTMLElement): Promise<void> {
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const target = root.querySelector<HTMLElement>('[data-diagram]')!;
  const src = root.dataset.src!;
  const demo = root.dataset.demo;
  const filters = root.dataset.filters;
  const id = root.dataset.id ?? 'anatomy';
  status.textContent = anatomyText('readingModel');

  const response = await fetch(src);
  if (!response.ok) throw new Error(anatomyText('modelFileAnswered', { status: response.status }));
  const arch = parseModelJson(await response.json());
  let card: Card = {};
  try {
    const r = await fetch(root.dataset.card!);
    if (r.ok) card = (await r.json()) as Card;
  } catch {
    // The labels only name the scores; the diagram works without them.
  }
  render(target, arch, card, { demo, filters }, id);
  status.textContent = '';
  status.hidden = true;
  root.dataset.ready = 'true';
}

interface Links {
  /** The feature maps: "#…" on the same page, else the live demo's address. */
  demo?: string;
  /** The first layer's filters drawn as pictures, if the page has them. */
  filters?: string;
}

function render(target: HTMLElement, arch: Architecture, card: Card, links: Links, id: string) {
  const labels = card.labels;
  const words: {
    name: string;
    shape: readonly number[] | null;
    parameters: number;
    words: LayerWords;
  }[] = [
    { name: 'input', shape: arch.input, parameters: 0, words: describeInput(arch) },
    ...arch.layers.map((layer, i) => ({
      name: layer.name,
      shape: layer.outputShape,
      parameters: layer.parameters,
      words: describeLayer(layer, i === arch.layers.length - 1, { labels, labelWord: emotionWord }),
    })),
  ];
  const maxParams = Math.max(1, ...arch.layers.map((l) => l.parameters));
  const maxList = Math.max(1, ...words.map((w) => (w.shape?.length === 1 ? w.shape[0] : 0)));
  const convs = arch.layers.filter((l) => /Conv/.test(l.type)).length;
  const firstConv = words.findIndex((w) => w.words.kind === 'conv');

  const totals = el('p', 'an-totals');
  totals.innerHTML = '';
  totals.append(
    ...withElements(
      anatomyText('totals', {
        layers: '{layers}',
        filterLayers: convs,
        learned: '{learned}',
        size: bytes(arch.weightBytes),
      }),
      {
        layers: el(
          'strong',
          undefined,
          anatomyText('totals.layers', { count: arch.layers.length }),
        ),
        learned: el(
          'strong',
          undefined,
          anatomyText('totals.learned', { count: n(arch.totalParameters) }),
        ),
      },
    ),
  );

  const list = el('ol', 'an-layers');
  list.setAttribute('aria-label', anatomyText('layersLabel'));
  const buttons: HTMLButtonElement[] = [];
  const details: HTMLElement[] = [];

  words.forEach((w, i) => {
    const li = el('li', `an-item an-${w.words.kind}`);
    const button = el('button', 'an-layer');
    button.type = 'button';
    button.id = `${id}-layer-${i}`;
    button.dataset.index = String(i);
    button.dataset.layer = w.name;
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', `${id}-detail-${i}`);
    const text = el('span', 'an-text');
    text.append(
      el('span', 'an-title', w.words.title),
      el('span', 'an-summary', w.words.summary),
      el('span', 'an-out', anatomyText('layer.output', { output: w.words.output })),
    );
    const params = el('span', 'an-params');
    const bar = el('span', 'an-bar');
    const fill = el('span', 'an-fill');
    fill.style.width = `${(w.parameters / maxParams) * 100}%`;
    bar.append(fill);
    bar.setAttribute('aria-hidden', 'true');
    params.append(
      bar,
      el(
        'span',
        'an-count',
        w.parameters
          ? anatomyText('layer.weights', { count: n(w.parameters) })
          : anatomyText('layer.noWeights'),
      ),
    );
    button.append(icon(w.shape, arch.input[0] || 48, maxList), text, params);

    const detail = el('div', 'an-detail');
    detail.id = `${id}-detail-${i}`;
    detail.hidden = true;
    detail.append(withTerms(w.words.explanation), el('p', 'an-weights', w.words.weights));
    if (w.words.kind === 'conv' && links.filters && i === firstConv) {
      const p = el('p', 'an-link');
      const count = w.shape?.[2];
      const a = el(
        'a',
        undefined,
        count === undefined
          ? anatomyText('link.theFilters')
          : anatomyText('link.filtersCount', { count }),
      );
      a.href = links.filters;
      p.append(...withElements(anatomyText('link.filters', { link: '{link}' }), { link: a }));
      detail.append(p);
    }
    if (w.words.kind === 'conv' && links.demo) {
      const p = el('p', 'an-link');
      const onPage = links.demo.startsWith('#');
      const a = el(
        'a',
        undefined,
        anatomyText(onPage ? 'link.demoOnPageText' : 'link.demoLessonText'),
      );
      a.href = links.demo;
      const sentence = anatomyText(onPage ? 'link.demoOnPage' : 'link.demoLesson', {
        link: '{link}',
      });
      p.append(...withElements(sentence, { link: a }));
      detail.append(p);
    }
    li.append(button, detail);
    list.append(li);
    buttons.push(button);
    details.push(detail);
  });

  let selected = -1;
  const select = (i: number) => {
    if (i === selected) return;
    if (selected >= 0) {
      buttons[selected].setAttribute('aria-expanded', 'false');
      details[selected].hidden = true;
    }
    selected = i;
    buttons[i].setAttribute('aria-expanded', 'true');
    details[i].hidden = false;
  };
  list.addEventListener('focusin', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('.an-layer');
    if (b) select(Number(b.dataset.index));
  });
  list.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('.an-layer');
    if (b) select(Number(b.dataset.index));
  });
  list.addEventListener('keydown', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('.an-layer');
    if (!b) return;
    const i = Number(b.dataset.index);
    const next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, next))].focus();
  });

  // The same figures as a table: the text alternative of the diagram.
  const table = el('table', 'an-table');
  const caption = el('caption', undefined, anatomyText('table.caption'));
  table.append(caption);
  const head = table.createTHead().insertRow();
  for (const h of [
    anatomyText('table.layer'),
    anatomyText('table.whatItIs'),
    anatomyText('table.whatComesOut'),
    anatomyText('table.weights'),
  ]) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  words.forEach((w) => {
    const tr = body.insertRow();
    const th = el('th', undefined, w.name);
    th.scope = 'row';
    tr.append(
      th,
      el('td', undefined, w.words.title),
      el('td', undefined, shapeText(w.shape as number[] | null)),
      el('td', 'an-num', n(w.parameters)),
    );
  });
  const foot = table.createTFoot().insertRow();
  const ft = el('th', undefined, anatomyText('table.total'));
  ft.scope = 'row';
  foot.append(ft, el('td'), el('td'), el('td', 'an-num', n(arch.totalParameters)));
  caption.id = `${id}-table-caption`;
  const scroll = el('div', 'table-scroll');
  scroll.tabIndex = 0;
  scroll.setAttribute('role', 'region');
  scroll.setAttribute('aria-labelledby', caption.id);
  scroll.append(table);
  const tableBox = el('details', 'an-table-box');
  tableBox.append(el('summary', undefined, anatomyText('table.show')), scroll);

  const parts: HTMLElement[] = [totals, list, tableBox];
  if (card.parameters && card.parameters > arch.totalParameters) {
    parts.push(
      el(
        'p',
        'an-note muted',
        anatomyText('cardCountsMore', {
          card: n(card.parameters),
          shown: n(arch.totalParameters),
        }),
      ),
    );
  }
  if (labels) {
    parts.push(
      el(
        'p',
        'an-labels muted',
        anatomyText('scoresInOrder', {
          count: labels.length,
          labels: labels.map((l) => capitalise(emotionWord(l))).join(', '),
        }),
      ),
    );
  }
  target.replaceChildren(...parts);
}
