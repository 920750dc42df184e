/**
 * The script of every embed page (/embed/<widget>/), run before the widget's own script: it reads the
 * options in the address, sets them as attributes on the widget's element (and on <html> for theme
 * and motion), reports the content's height to the embedding page, keeps the shareable link in step
 * with the widget's state, and makes the "Copy link" button work.
 *
 * The page tells it what to do in one data attribute on its root element:
 *   <div data-embed-root data-embed='{"widget":"…","element":"…"|null,"options":{…specs…}}'>
 */
import {
  fromAttributes,
  parseOptions,
  selectorsToHide,
  serializeOptions,
  type OptionSpecs,
  type OptionValues,
} from './options.ts';
import { embedSetup } from './page-options.ts';
import { postToParent, resizeMessage, stateMessage } from './messages.ts';
import { watchHeight } from './resize.ts';
import { embedText } from './text.ts';

export interface EmbedConfig {
  widget: string;
  element: string | null;
  options: OptionSpecs;
}

function setAttributes(el: Element, attrs: Record<string, string | null>) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null) el.removeAttribute(name);
    else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
}

/**
 * The widget's custom elements: every outermost element with the declared tag (a widget rendered in
 * several parts has several), else the first custom element in the widget slot.
 */
export function findWidgetElements(container: Element, tag: string | null): Element[] {
  if (tag)
    return [...container.querySelectorAll(tag)].filter((el) => !el.parentElement?.closest(tag));
  for (const el of container.querySelectorAll('*')) if (el.localName.includes('-')) return [el];
  return [];
}

/**
 * Hide the elements matching `selectors` inside `el` (the widget slot; also when the widget renders
 * them later): the embed page's own way to honour "hide", whether or not the widget reads it.
 */
export function hideWithin(el: Element, selectors: readonly string[]): void {
  if (selectors.length === 0) return;
  const selector = selectors.join(', ');
  const apply = () => {
    let matches: Element[];
    try {
      matches = [...el.querySelectorAll(selector)];
    } catch {
      return; // a broken selector in the registry must not stop the page
    }
    for (const m of matches) {
      if (m instanceof HTMLElement && m.style.getPropertyValue('display') !== 'none') {
        m.style.setProperty('display', 'none', 'important');
        m.setAttribute('data-embed-hidden', '');
      }
    }
  };
  apply();
  if (typeof MutationObserver !== 'undefined')
    new MutationObserver(apply).observe(el, { childList: true, subtree: true });
}

function attributeNames(specs: OptionSpecs): string[] {
  return Object.values(specs).flatMap((s) => (s.attribute ? [s.attribute] : []));
}

export function startEmbedPage(doc: Document = document, win: Window = window): void {
  const root = doc.querySelector<HTMLElement>('[data-embed-root]');
  if (!root) return;
  let config: EmbedConfig;
  try {
    config = JSON.parse(root.dataset.embed ?? '') as EmbedConfig;
  } catch {
    return;
  }
  const specs = config.options;
  const { values, ignored } = parseOptions(specs, win.location.search);
  for (const p of ignored) {
    const why =
      p.reason === 'unknown'
        ? 'not an option of this widget'
        : p.reason === 'repeated'
          ? 'given twice'
          : 'not an allowed value';
    console.info(
      `Emotion Lens: ignored "${p.key}=${p.value}" in the address (${why}); using the default.`,
    );
  }

  const setup = embedSetup(specs, values);
  setAttributes(doc.documentElement, setup.root);
  const slot = root.querySelector('[data-embed-widget]') ?? root;
  const elements = findWidgetElements(slot, config.element);
  for (const el of elements) setAttributes(el, setup.element);
  hideWithin(slot, selectorsToHide(specs, values));
  const element = elements[0];
  const title = root.querySelector('[data-embed-title]');
  title?.classList.toggle('visually-hidden', !setup.showTitle);

  // The link of the current state: the address without ignored parameters, kept up to date.
  let current: OptionValues = values;
  const links = [...doc.querySelectorAll<HTMLAnchorElement>('[data-embed-self-link]')];
  const linkFor = (v: OptionValues) => {
    const q = serializeOptions(specs, v);
    return `${win.location.origin}${win.location.pathname}${q ? `?${q}` : ''}`;
  };
  const publish = (announce: boolean) => {
    const href = linkFor(current);
    for (const a of links) a.href = href;
    if (href !== win.location.href.split('#')[0]) {
      try {
        win.history.replaceState(win.history.state, '', href + win.location.hash);
      } catch {
        /* sandboxed frame: the links still carry the state */
      }
    }
    if (announce) postToParent(stateMessage(config.widget, serializeOptions(specs, current)), win);
  };
  publish(false);

  // A widget that reflects the reader's changes into its attributes updates the link.
  const watched = attributeNames(specs);
  if (element && watched.length > 0 && typeof MutationObserver !== 'undefined') {
    new MutationObserver(() => {
      const next = fromAttributes(specs, (n) => element.getAttribute(n), current);
      if (serializeOptions(specs, next) === serializeOptions(specs, current)) return;
      current = next;
      publish(true);
    }).observe(element, { attributes: true, attributeFilter: watched });
  }

  // Height for the host page (public/embed.js): "ready" once, then "resize" on every change.
  const measured = doc.querySelector('[data-embed-page]') ?? root;
  let first = true;
  watchHeight(measured, (h) => {
    postToParent(resizeMessage(config.widget, h, first ? 'ready' : 'resize'), win);
    first = false;
  });

  wireCopyButtons(doc, () => linkFor(current));
  openLinksOutside(doc, win);
}

/**
 * Links in a widget that lead anywhere but an embed page open in a new tab: inside another site's
 * iframe our other pages refuse to load (frame-ancestors 'self'), and so do many other sites.
 */
export function opensOutside(href: string, base: string): boolean {
  let url: URL;
  let here: URL;
  try {
    url = new URL(href, base);
    here = new URL(base);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(url.protocol)) return false;
  if (url.origin === here.origin && url.pathname === here.pathname) return false; // same page (#anchor)
  return !(url.origin === here.origin && url.pathname.startsWith('/embed/'));
}

function openLinksOutside(doc: Document, win: Window) {
  doc.addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target || !opensOutside(a.getAttribute('href')!, win.location.href)) return;
      a.target = '_blank';
      a.rel = 'noopener';
    },
    true,
  );
}

/** "Copy link": the clipboard where allowed, else the link is shown selected for the reader to copy. */
function wireCopyButtons(doc: Document, link: () => string) {
  for (const button of doc.querySelectorAll<HTMLButtonElement>('[data-embed-copy]')) {
    const status =
      doc.getElementById(button.getAttribute('aria-describedby') ?? '') ??
      button.nextElementSibling;
    const field = doc.querySelector<HTMLInputElement>('[data-embed-copy-field]');
    button.hidden = false;
    button.addEventListener('click', async () => {
      const href = link();
      let copied = false;
      try {
        await navigator.clipboard.writeText(href);
        copied = true;
      } catch {
        copied = false;
      }
      if (field) {
        field.value = href;
        field.hidden = copied;
        if (!copied) field.select();
      }
      if (status)
        status.textContent = embedText(copied ? 'page.linkCopied' : 'page.copyLinkByHand');
    });
  }
}
