/**
 * The embed builder on /teach/: pick a widget, set its options, see it live in a preview iframe, and
 * copy the iframe code or the link. The page renders every field at build time (one fieldset per
 * widget, named "<widget>:<option>", plus "common:<option>"); this script reads them, writes the code
 * with src/lib/embed/snippet.ts, and keeps the page's own address in step so a half-done setup can be
 * bookmarked or shared (/teach/?widget=convolution-playground&camera=off#builder).
 */
import {
  defaultValues,
  parseOptions,
  serializeOptions,
  type OptionSpecs,
  type OptionValues,
} from './options.ts';
import { embedUrl, iframeCode } from './snippet.ts';
import { embedText } from './text.ts';
import { commonOptions, embedOptions, type WidgetEmbed } from './widgets.ts';

/** Keys of the builder's own address that are not widget options. */
const BUILDER_KEYS = new Set(['widget', 'height', 'resize']);

export const MIN_HEIGHT = 200;
export const MAX_HEIGHT = 3000;

/** The option values of one scope's fields in a form. */
export function readFields(form: HTMLFormElement, scope: string, specs: OptionSpecs): OptionValues {
  const values = defaultValues(specs);
  for (const [key, spec] of Object.entries(specs)) {
    const fields = [
      ...form.querySelectorAll<HTMLInputElement | HTMLSelectElement>(`[name="${scope}:${key}"]`),
    ];
    if (fields.length === 0) continue;
    switch (spec.type) {
      case 'boolean':
        values[key] = (fields[0] as HTMLInputElement).checked;
        break;
      case 'set':
        values[key] = fields.filter((f) => (f as HTMLInputElement).checked).map((f) => f.value);
        break;
      case 'number': {
        const n = Number(fields[0]!.value);
        if (fields[0]!.value !== '' && Number.isFinite(n) && n >= spec.min && n <= spec.max)
          values[key] = n;
        break;
      }
      default:
        values[key] = fields[0]!.value;
    }
  }
  return values;
}

/** Set one scope's fields from values. */
export function writeFields(
  form: HTMLFormElement,
  scope: string,
  specs: OptionSpecs,
  values: OptionValues,
): void {
  for (const [key, spec] of Object.entries(specs)) {
    const v = values[key];
    for (const f of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
      `[name="${scope}:${key}"]`,
    )) {
      if (spec.type === 'boolean') (f as HTMLInputElement).checked = v === true;
      else if (spec.type === 'set')
        (f as HTMLInputElement).checked = Array.isArray(v) && v.includes(f.value);
      else f.value = String(v);
    }
  }
}

/** The builder's state in its own address: widget, options, and height/resize when changed. */
export function builderQuery(
  w: WidgetEmbed,
  values: OptionValues,
  height: number,
  resize: boolean,
): string {
  const params = new URLSearchParams({ widget: w.id });
  const options = serializeOptions(embedOptions(w), values);
  let q = params.toString();
  if (options) q += `&${options}`;
  if (height !== w.height) q += `&height=${height}`;
  if (!resize) q += '&resize=off';
  return q;
}

async function copyText(
  text: string,
  field: HTMLInputElement | HTMLTextAreaElement,
): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

export function startBuilder(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form[data-builder]');
  const select = root.querySelector<HTMLSelectElement>('[data-builder-widget]');
  const code = root.querySelector<HTMLTextAreaElement>('[data-builder-code]');
  const link = root.querySelector<HTMLInputElement>('[data-builder-link]');
  const open = root.querySelector<HTMLAnchorElement>('[data-builder-open]');
  const frame = root.querySelector<HTMLIFrameElement>('[data-builder-preview]');
  const frameBox = root.querySelector<HTMLElement>('[data-builder-preview-box]');
  const description = root.querySelector<HTMLElement>('[data-builder-description]');
  const heightField = root.querySelector<HTMLInputElement>('[data-builder-height]');
  const resizeField = root.querySelector<HTMLInputElement>('[data-builder-resize]');
  const status = root.querySelector<HTMLElement>('[data-builder-status]');
  if (!form || !select || !code || !link || !frame || !heightField || !resizeField) return;

  const widgets = new Map<string, WidgetEmbed>();
  for (const fs of root.querySelectorAll<HTMLElement>('[data-widget-fields]')) {
    try {
      const w = JSON.parse(fs.dataset.widgetEmbed ?? '') as WidgetEmbed;
      widgets.set(w.id, w);
    } catch {
      /* a broken fieldset: that widget is just not offered */
    }
  }
  if (widgets.size === 0) return;
  const origin = window.location.origin;

  // Start from the page's own address, if it names a widget (links from the lesson plans do).
  const params = new URLSearchParams(window.location.search);
  const wanted = widgets.get(params.get('widget') ?? '');
  if (wanted) {
    select.value = wanted.id;
    const own = new URLSearchParams([...params].filter(([k]) => !BUILDER_KEYS.has(k)));
    const { values } = parseOptions(embedOptions(wanted), own);
    writeFields(form, wanted.id, wanted.options, values);
    writeFields(form, 'common', commonOptions, values);
    const h = Number(params.get('height'));
    heightField.value = String(
      Number.isInteger(h) && h >= MIN_HEIGHT && h <= MAX_HEIGHT ? h : wanted.height,
    );
    if (params.get('resize') === 'off') resizeField.checked = false;
  }

  let previewSrc = '';
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let lastWidget = '';

  const update = (fromWidgetChange: boolean) => {
    const w = widgets.get(select.value) ?? widgets.values().next().value!;
    for (const fs of root.querySelectorAll<HTMLElement>('[data-widget-fields]'))
      fs.hidden = fs.dataset.widgetFields !== w.id;
    if (description) description.textContent = w.description;
    if (fromWidgetChange && lastWidget && lastWidget !== w.id) heightField.value = String(w.height);
    lastWidget = w.id;
    const values = {
      ...readFields(form, w.id, w.options),
      ...readFields(form, 'common', commonOptions),
    };
    const hv = Number(heightField.value);
    const height =
      Number.isFinite(hv) && hv >= MIN_HEIGHT && hv <= MAX_HEIGHT ? Math.round(hv) : w.height;
    const resize = resizeField.checked;
    code.value = iframeCode(w, { origin, values, height, resizeScript: resize });
    const url = embedUrl(origin, w, values);
    link.value = url;
    if (open) open.href = url;
    if (frameBox) frameBox.style.setProperty('--preview-height', `${height}px`);
    // The preview is the real embed page, same origin; reload it only when the address changes.
    const src = url.slice(origin.length);
    if (src !== previewSrc) {
      previewSrc = src;
      clearTimeout(previewTimer);
      previewTimer = setTimeout(
        () => {
          frame.title = embedText('builder.preview', { title: w.title });
          frame.src = src;
        },
        fromWidgetChange ? 0 : 350,
      );
    }
    try {
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}?${builderQuery(w, values, height, resize)}${window.location.hash}`,
      );
    } catch {
      /* not important */
    }
  };

  select.addEventListener('change', () => update(true));
  form.addEventListener('input', (e) => update(e.target === select));
  form.addEventListener('change', (e) => update(e.target === select));
  form.addEventListener('submit', (e) => e.preventDefault());

  for (const radio of root.querySelectorAll<HTMLInputElement>('[name="preview-width"]')) {
    radio.addEventListener('change', () => frameBox?.setAttribute('data-width', radio.value));
  }

  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const target = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(
        `#${button.dataset.copy}`,
      );
      if (!target) return;
      const ok = await copyText(target.value, target);
      if (status)
        status.textContent = ok
          ? embedText('builder.copied', {
              what: button.dataset.what ?? embedText('builder.copiedText'),
            })
          : embedText('builder.copyByHand');
    });
  }

  update(true);
}
