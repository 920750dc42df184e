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
 * The same policy is served as an HTTP header by `public/_headers`; a unit test keeps the two in step.
 * `frame-ancestors` only works in a header (browsers ignore it in <meta>), so it is left out of the meta.
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
export const headerOnlyDirectives = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

export function serializeCsp(directives: ReadonlyArray<readonly string[]>): string {
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The policy for the HTTP header (public/_headers). */
export const cspHeader: string = serializeCsp(cspDirectives);

/** The policy for <meta http-equiv="Content-Security-Policy"> in every page. */
export const cspMeta: string = serializeCsp(cspDirectives.filter(([name]) => !headerOnlyDirectives.has(name)));

/** Parse a policy string into directive name → sources (names lower-cased, order kept). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}
