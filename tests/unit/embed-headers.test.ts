/**
 * public/_headers is written from src/layouts/csp.ts. This test fails when it is out of date;
 * `UPDATE_HEADERS=1 npx vitest run tests/unit/embed-headers.test.ts` rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cspEmbedHeader,
  cspHeader,
  cspHeaderFor,
  cspMeta,
  headersFile,
  parseCsp,
} from '../../src/layouts/csp.ts';
import { headersFor, parseHeadersFile } from '../e2e/support/headers.ts';

const FILE = 'public/_headers';

describe('public/_headers', () => {
  it('is the file src/layouts/csp.ts writes', () => {
    if (process.env.UPDATE_HEADERS === '1') writeFileSync(FILE, headersFile());
    expect(
      readFileSync(FILE, 'utf8'),
      'public/_headers is out of date: run UPDATE_HEADERS=1 npx vitest run tests/unit/embed-headers.test.ts',
    ).toBe(headersFile());
  });

  const rules = parseHeadersFile(headersFile());

  it('lets any site frame the embed pages, and only this site frame the others', () => {
    for (const path of ['/embed/live-demo/', '/embed/pixel-grid/', '/embed/x/?camera=off']) {
      const h = headersFor(rules, path.split('?')[0]!);
      expect(h.get('content-security-policy'), path).toBe(cspEmbedHeader);
      expect(parseCsp(h.get('content-security-policy')!).get('frame-ancestors')).toEqual([
        '*',
        'file:',
      ]);
      expect(cspHeaderFor(path.split('?')[0]!)).toBe(cspEmbedHeader);
    }
    for (const path of [
      '/',
      '/teach/',
      '/teach/face-mesh/',
      '/lessons/face-mesh/',
      '/embedding/',
      '/oembed/live-demo.json',
      '/embed.js',
    ]) {
      expect(headersFor(rules, path).get('content-security-policy'), path).toBe(cspHeader);
      expect(parseCsp(cspHeader).get('frame-ancestors')).toEqual(["'self'"]);
      expect(cspHeaderFor(path)).toBe(cspHeader);
    }
  });

  it('gives embed pages exactly the site policy apart from frame-ancestors', () => {
    const site = parseCsp(cspHeader);
    const embed = parseCsp(cspEmbedHeader);
    expect([...embed.keys()]).toEqual([...site.keys()]);
    for (const [name, sources] of site)
      if (name !== 'frame-ancestors') expect(embed.get(name), name).toEqual(sources);
    // The <meta> policy has no frame-ancestors, so embed pages and other pages share it.
    expect(parseCsp(cspMeta).has('frame-ancestors')).toBe(false);
  });

  it('keeps the other security headers on embed pages, camera allowed for our own origin', () => {
    const h = headersFor(rules, '/embed/live-demo/');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('permissions-policy')).toContain('camera=(self)');
    expect(h.has('x-frame-options')).toBe(false);
  });

  it('lets any site read the oEmbed documents', () => {
    expect(headersFor(rules, '/oembed/live-demo.json').get('access-control-allow-origin')).toBe(
      '*',
    );
  });

  it('reads the same on Netlify, which skips "! Header" lines and lets a later rule replace a header', () => {
    const netlify = parseHeadersFile(headersFile().replace(/^\s*!.*$/gm, ''));
    const merged = new Map<string, string>();
    for (const r of netlify) {
      const re = new RegExp(
        `^${r.pattern
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      );
      if (re.test('/embed/live-demo/')) for (const [k, v] of r.set) merged.set(k.toLowerCase(), v);
    }
    expect(merged.get('content-security-policy')).toBe(cspEmbedHeader);
  });
});
