/**
 * A reader for the `_headers` file format of static hosts (Netlify, Cloudflare Pages), so the local
 * test server sends exactly the headers production would:
 *
 *   /path/*            a URL pattern at the start of a line (`*` matches anything, also "/")
 *     Name: value      an indented header for URLs matching it
 *     ! Name           (Cloudflare) drop a header set by an earlier matching rule
 *
 * All matching rules apply, in file order; a header set twice gets both values joined by ", ".
 */
export interface HeaderRule {
  pattern: string;
  set: Array<[name: string, value: string]>;
  detach: string[];
}

export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let current: HeaderRule | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      current = { pattern: raw.trim(), set: [], detach: [] };
      rules.push(current);
      continue;
    }
    if (!current) throw new Error(`_headers line ${i + 1}: header before any URL pattern`);
    const line = raw.trim();
    if (line.startsWith('!')) {
      current.detach.push(line.slice(1).trim().toLowerCase());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`_headers line ${i + 1}: expected "Name: value"`);
    current.set.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

export function patternMatches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(path);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The headers for one URL path, names lower-cased. */
export function headersFor(rules: readonly HeaderRule[], path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    for (const name of rule.detach) out.delete(name);
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      const prev = out.get(key);
      out.set(key, prev === undefined ? value : `${prev}, ${value}`);
    }
  }
  return out;
}
