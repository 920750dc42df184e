/**
 * The pages to test, discovered from the build output, so every new page is covered automatically:
 * each dist/**\/index.html (outside asset folders) becomes a URL path, plus /404.html.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const DIST = resolve(process.env.EMOTION_LENS_DIST ?? 'dist');

/** Folders of copied assets (models, vendored libraries, bundles) that are not site pages. */
const notPages = new Set(['_astro', 'models', 'vendor', 'data']);

export function builtPages(dist: string = DIST): string[] {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: build the site first (npm run build)`);
  }
  const found: string[] = [];
  const walk = (dir: string, top: boolean) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (top && notPages.has(e.name)) continue;
        walk(join(dir, e.name), false);
      } else if (e.name === 'index.html') {
        const rel = relative(dist, dir).split(sep).join('/');
        found.push(rel === '' ? '/' : `/${rel}/`);
      }
    }
  };
  walk(dist, true);
  if (existsSync(join(dist, '404.html'))) found.push('/404.html');
  return found.sort();
}

/** Lesson pages (/lessons/<slug>/) in reading order, read from the "Lesson N of M" line of each page. */
export function lessonPages(dist: string = DIST): string[] {
  const withOrder = builtPages(dist)
    .filter((p) => /^\/lessons\/[^/]+\/$/.test(p))
    .map((p) => {
      const html = readFileSync(join(dist, p, 'index.html'), 'utf8');
      const m = /Lesson (\d+) of \d+/.exec(html);
      if (!m) throw new Error(`${p}: no "Lesson N of M" line found`);
      return { p, order: Number(m[1]) };
    });
  return withOrder.sort((a, b) => a.order - b.order).map((x) => x.p);
}
