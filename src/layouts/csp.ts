/**
 * The site's Content-Security-Policy, in one place.
 *
 * Only our own origin may provide scripts, workers, WebAssembly, models and data. The few extra
 * sources are the ones the machine-learning libraries need inside the page itself:
 *  - `blob:` workers and fetches (MediaPipe and TF.js create workers and files from blobs),
 *  - `data:`/`blob:` images (canvas snapshots, TF.js image helpers),
 *  - `'wasm-unsafe-eval'` to compile WebAssembly (TF.js wasm backend, MediaPipe) — this allows
 *    compiling wasm only, not JavaScript eval.
 *
 * The same policy is served as an HTTP header by `public/_headers`, which is written from this module
 * (`headersFile()` below; tests/unit/embed-headers.test.ts fails when the file is out of date and
 * `UPDATE_HEADERS=1 npx vitest run tests/unit/embed-headers.test.ts` rewrites it).
 * `frame-ancestors` only works in a header (browsers ignore it in <meta>), so it is left out of the meta.
 *
 * Framing: pages may be framed only by our own site (`frame-ancestors 'self'`), except the embed pages
 * (/embed/<widget>/), which teachers put in iframes on any site: they get `frame-ancestors *`.
 */
export const cspDirectives: ReadonlyArray<readonly [string, ...string[]]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'", "'wasm-unsafe-eval'"],
  ['worker-src', "'self'", 'blob:'],
  ['connect-src', "'self'", 'blob:', 'data:'],
  ['img-src', "'self'", 'blob:', 'data:'],
  ['media-src', "'self'", 'blob:'],
  ['font-src', "'self'"],
  ['style-src', "'self'"],
  // Inline style="" attributes (e.g. from SVG or D3 markup) cannot run code; <style> elements stay 'self'.
  ['style-src-attr', "'unsafe-inline'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-src', "'self'"],
  ['frame-ancestors', "'self'"],
];

/** Directives that browsers ignore when the policy comes from a <meta> tag. */
export const headerOnlyDirectives = new Set([
  'frame-ancestors',
  'report-uri',
  'report-to',
  'sandbox',
]);

export function serializeCsp(directives: ReadonlyArray<readonly string[]>): string {
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The policy for the HTTP header (public/_headers). */
export const cspHeader: string = serializeCsp(cspDirectives);

/** The policy for <meta http-equiv="Content-Security-Policy"> in every page. */
export const cspMeta: string = serializeCsp(
  cspDirectives.filter(([name]) => !headerOnlyDirectives.has(name)),
);

/** Parse a policy string into directive name → sources (names lower-cased, order kept). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** URL patterns (in `_headers` syntax) of the pages any site may put in an iframe. */
export const embedPathPatterns: readonly string[] = ['/embed/*'];

/**
 * Who may frame an embed page: any web page. `*` covers https: and http: pages (a school's intranet
 * too); `file:` adds a page a teacher saved on their own computer and opened by double-click, which
 * `*` leaves out.
 */
export const embedFrameAncestors: readonly string[] = ['*', 'file:'];

/** The policy of the embed pages: the same as every page, except that any site may frame them. */
export const cspEmbedDirectives: ReadonlyArray<readonly [string, ...string[]]> = cspDirectives.map(
  ([name, ...sources]) =>
    name === 'frame-ancestors'
      ? (['frame-ancestors', ...embedFrameAncestors] as [string, ...string[]])
      : ([name, ...sources] as [string, ...string[]]),
);

export const cspEmbedHeader: string = serializeCsp(cspEmbedDirectives);

function matchesPattern(pattern: string, path: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(path);
}

/** The Content-Security-Policy header a URL path gets. */
export function cspHeaderFor(path: string): string {
  return embedPathPatterns.some((p) => matchesPattern(p, path)) ? cspEmbedHeader : cspHeader;
}

/** The whole `public/_headers` file (Netlify and Cloudflare Pages read it; copied to dist/_headers). */
export function headersFile(): string {
  const embedRules = embedPathPatterns
    .map((p) => `${p}\n  ! Content-Security-Policy\n  Content-Security-Policy: ${cspEmbedHeader}\n`)
    .join('\n');
  return `# HTTP headers for static hosts that read this file (Netlify, Cloudflare Pages; copied to dist/_headers).
# GENERATED from src/layouts/csp.ts: edit the policy there, then run
#   UPDATE_HEADERS=1 npx vitest run tests/unit/embed-headers.test.ts
# The Content-Security-Policy is the same as the <meta> tag in every page, plus frame-ancestors, which
# only works as a header: pages may be framed by this site only, except the embed pages below.
/*
  Content-Security-Policy: ${cspHeader}
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Permissions-Policy: camera=(self), microphone=(), geolocation=()
  Cross-Origin-Opener-Policy: same-origin

# Embed pages: any site may put them in an iframe (frame-ancestors * file:). The host's iframe needs
# allow="camera" for the camera to work inside it. A later rule replaces an earlier header on Netlify;
# Cloudflare Pages would join both policies, so "! Content-Security-Policy" first drops the one above
# (Netlify skips that line).
${embedRules}
# oEmbed documents: readable by any site's scripts.
/oembed/*
  Access-Control-Allow-Origin: *

/_astro/*
  Cache-Control: public, max-age=31536000, immutable
`;
}
