/**
 * What a teacher copies: the embed link, the iframe code and the oEmbed document of a widget.
 * Pure functions, used by the builder on /teach/, the oEmbed files and the tests.
 */
import { serializeOptions, type OptionValues } from './options.ts';
import { embedOptions, wantsCamera, type WidgetEmbed } from './widgets.ts';

/** Path of a widget's embed page. */
export function embedPath(widgetId: string): string {
  return `/embed/${widgetId}/`;
}

/** Absolute link to the embed page with these option values (defaults left out). */
export function embedUrl(
  origin: string,
  w: WidgetEmbed,
  values: Partial<OptionValues> = {},
): string {
  const query = serializeOptions(embedOptions(w), values);
  return `${origin.replace(/\/+$/, '')}${embedPath(w.id)}${query ? `?${query}` : ''}`;
}

/** Title of the iframe, for screen readers on the host page. */
export function frameTitle(w: WidgetEmbed): string {
  return `${w.title} (Emotion Lens)`;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export interface IframeCodeOptions {
  origin: string;
  values?: Partial<OptionValues>;
  /** Height in CSS pixels (default: the widget's). */
  height?: number;
  /** Add the auto-resize script tag (default true). */
  resizeScript?: boolean;
}

/**
 * The HTML a teacher pastes: a full-width iframe at the widget's default height, with
 * allow="camera" when the widget may use the camera, and (optionally) the tiny resize script.
 * Without the script the iframe keeps its height and scrolls inside; with it, it grows to fit.
 */
export function iframeCode(w: WidgetEmbed, opts: IframeCodeOptions): string {
  const values = opts.values ?? {};
  const height = Math.round(opts.height ?? w.height);
  const attrs = [
    `src="${escapeHtml(embedUrl(opts.origin, w, values))}"`,
    `title="${escapeHtml(frameTitle(w))}"`,
    `width="100%"`,
    `height="${height}"`,
    `style="display:block;width:100%;max-width:100%;border:0"`,
    ...(wantsCamera(w, values) ? ['allow="camera"'] : []),
    `loading="lazy"`,
  ];
  const iframe = `<iframe ${attrs.join(' ')}></iframe>`;
  if (opts.resizeScript === false) return iframe;
  return `${iframe}\n<script src="${escapeHtml(opts.origin.replace(/\/+$/, ''))}/embed.js" async></script>`;
}

/** Default width the oEmbed document announces (the iframe itself is fluid: 100% of its column). */
export const OEMBED_WIDTH = 640;

/** An oEmbed 1.0 "rich" document for a widget (https://oembed.com/#section2.3.4). */
export function oembedDocument(w: WidgetEmbed, siteOrigin: string) {
  const origin = siteOrigin.replace(/\/+$/, '');
  return {
    version: '1.0',
    type: 'rich',
    title: w.title,
    provider_name: 'Emotion Lens',
    provider_url: `${origin}/`,
    // Hosts that run oEmbed html put it in their own page: keep it to the iframe (no script).
    html: iframeCode(w, { origin, resizeScript: false }),
    width: OEMBED_WIDTH,
    height: w.height,
    cache_age: 86_400,
  };
}

/** Path of a widget's oEmbed document. */
export function oembedPath(widgetId: string): string {
  return `/oembed/${widgetId}.json`;
}
