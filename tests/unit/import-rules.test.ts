/**
 * Who may import whom under src/ (docs: src/widgets/_kit/README.md):
 *   - a widget folder imports only src/lib/, src/widgets/_kit/, its own folder, and other widgets'
 *     public components (the .astro files at the top of their folder);
 *   - src/widgets/_kit/ imports only src/lib/ and itself;
 *   - src/lib/ never imports src/widgets/, src/components/ or scripts/.
 * Import specifiers are read from the source text (static, type-only, dynamic, re-exports,
 * import.meta.glob patterns, CSS @import), comments removed. Package imports are always allowed, and so
 * are data files (src/data/, public/): the rule is about code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SOURCE = /\.(ts|js|mjs|astro|mdx|css)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && SOURCE.test(d.name) && !d.name.endsWith('.d.ts'))
    .map((d) => relative(ROOT, join(d.parentPath, d.name)).split(sep).join('/'));
}

/**
 * The text without its comments (/* *\/, //, <!-- -->), strings kept whole so that a "//" or "/*"
 * inside a string (a URL, a glob pattern) is not taken for one.
 */
export function withoutComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const closer = text.startsWith('/*', i)
      ? '*/'
      : text.startsWith('<!--', i)
        ? '-->'
        : text.startsWith('//', i)
          ? '\n'
          : null;
    if (closer) {
      const end = text.indexOf(closer, i + 2);
      i = end < 0 ? text.length : closer === '\n' ? end : end + closer.length;
      continue;
    }
    const quote = text[i]!;
    if (quote === "'" || quote === '"' || quote === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== quote && (quote === '`' || text[j] !== '\n'))
        j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += quote;
    i++;
  }
  return out;
}

const SPECIFIER_PATTERNS = [
  /\bimport\s+(?:type\s+)?[\w$*{}\s,]+?\s+from\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?[\w$*{}\s,]+?\s+from\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
  /@import\s+url\(\s*['"]([^'"]+)['"]/g, // CSS; a plain @import '…' is read as import '…'
  /\bimport\.meta\.glob(?:<[^>]*>)?\(\s*['"]([^'"]+)['"]/g,
];

/** Every import specifier of a source file. */
export function importSpecifiers(text: string): string[] {
  const code = withoutComments(text);
  return SPECIFIER_PATTERNS.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

/** Repository-relative target of a relative specifier ("src/lib/ml/x.ts"), or null for a package. */
function target(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(from), specifier.split('?')[0]!));
}

const WIDGET = /^src\/widgets\/([^/]+)\//;

/** Why `from` may not import `to`, or null when it may. */
export function breaks(from: string, to: string): string | null {
  if (from.startsWith('src/lib/')) {
    for (const banned of ['src/widgets/', 'src/components/', 'scripts/'])
      if (to.startsWith(banned)) return `src/lib/ imports ${banned}`;
    return null;
  }
  const fromWidget = WIDGET.exec(from)?.[1];
  if (!fromWidget) return null;
  if (
    ['src/lib/', 'src/widgets/_kit/', 'src/data/', 'public/'].some((allowed) =>
      to.startsWith(allowed),
    )
  )
    return null;
  const toWidget = WIDGET.exec(to)?.[1];
  if (toWidget === fromWidget) return null;
  if (fromWidget === '_kit') return 'the kit imports only src/lib/ and itself';
  if (toWidget && /^src\/widgets\/[^/]+\/[A-Z][^/]*\.astro$/.test(to)) return null;
  return 'a widget imports only src/lib/, src/widgets/_kit/, its own folder and other widgets’ .astro components';
}

function violations(): string[] {
  const found: string[] = [];
  for (const from of filesUnder('src')) {
    for (const spec of importSpecifiers(readFileSync(join(ROOT, from), 'utf8'))) {
      const to = target(from, spec);
      if (to && breaks(from, to)) found.push(`${from} → ${to}`);
    }
  }
  return [...new Set(found)].sort();
}

describe('import rules', () => {
  it('reads every kind of import specifier, and none in comments', () => {
    const text = `
      import a from './a.ts';
      import type { B } from "../b.ts";
      import './c.css';
      @import '../k/bars.css';
      @import url("../k/lines.css");
      export { d } from './d.ts';
      const e = await import('./e.ts');
      const f = import.meta.glob<{ default: unknown }>('../f/*.astro');
      // import g from './g.ts';
      /** import h from './h.ts'; */
      const url = 'https://example.org/x'; import i from './i.ts';
    `;
    expect(importSpecifiers(text).sort()).toEqual([
      '../b.ts',
      '../f/*.astro',
      '../k/bars.css',
      '../k/lines.css',
      './a.ts',
      './c.css',
      './d.ts',
      './e.ts',
      './i.ts',
    ]);
  });

  it('tells allowed imports from forbidden ones', () => {
    expect(breaks('src/widgets/live-demo/demo-app.ts', 'src/lib/ml/classifier.ts')).toBeNull();
    expect(
      breaks('src/widgets/live-demo/demo-app.ts', 'src/widgets/_kit/face-source.ts'),
    ).toBeNull();
    expect(
      breaks('src/widgets/live-demo/LiveDemo.astro', 'src/widgets/feature-maps/FeatureMaps.astro'),
    ).toBeNull();
    expect(
      breaks('src/widgets/live-demo/demo-app.ts', 'src/widgets/feature-maps/view.ts'),
    ).not.toBeNull();
    expect(
      breaks('src/widgets/_kit/face-source.ts', 'src/widgets/live-demo/LiveDemo.astro'),
    ).not.toBeNull();
    expect(breaks('src/lib/ml/x.ts', 'src/widgets/cnn-anatomy/architecture.ts')).not.toBeNull();
    expect(breaks('src/lib/ml/x.ts', 'scripts/prepare-assets.ts')).not.toBeNull();
  });

  it('holds for every file under src/ (apart from the known violations awaiting their move)', () => {
    expect(violations()).toEqual([]);
  });
});
