import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cspDirectives, cspHeader, cspMeta, headerOnlyDirectives, parseCsp } from './csp.ts';
import { headersFor, parseHeadersFile } from '../../tests/e2e/support/headers.ts';

const policy = parseCsp(cspHeader);

describe('Content-Security-Policy', () => {
  it('lets scripts, workers, wasm, models and connections come only from our own origin', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });

  it('names no other host and allows no inline or eval’d script anywhere', () => {
    for (const [name, sources] of policy) {
      for (const s of sources) {
        expect(s, `${name} ${s}`).toMatch(
          /^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:)$/,
        );
      }
    }
    for (const name of ['script-src', 'default-src', 'worker-src', 'style-src']) {
      expect(policy.get(name)).not.toContain("'unsafe-inline'");
      expect(policy.get(name)).not.toContain("'unsafe-eval'");
    }
  });

  it('leaves header-only directives out of the <meta> version', () => {
    const meta = parseCsp(cspMeta);
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
    for (const [name] of cspDirectives) {
      if (!headerOnlyDirectives.has(name)) expect(meta.get(name)).toEqual(policy.get(name));
    }
  });

  it('public/_headers serves exactly the same policy to every page', () => {
    const rules = parseHeadersFile(readFileSync('public/_headers', 'utf8'));
    for (const path of [
      '/',
      '/lessons/can-a-computer-read-a-face/',
      '/glossary/',
      '/_astro/x.js',
      '/models/a.json',
    ]) {
      const h = headersFor(rules, path);
      expect(h.get('content-security-policy'), path).toBe(cspHeader);
      expect(h.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('_headers parser', () => {
  const rules = parseHeadersFile(`
# comment
/*
  X-A: 1
  X-Frame: one

/embed/*
  ! X-Frame
  X-Frame: two
  X-A: 2
`);

  it('applies every matching rule in order, joining repeated headers', () => {
    expect(headersFor(rules, '/lessons/')).toEqual(
      new Map([
        ['x-a', '1'],
        ['x-frame', 'one'],
      ]),
    );
    expect(headersFor(rules, '/embed/demo/')).toEqual(
      new Map([
        ['x-a', '1, 2'],
        ['x-frame', 'two'],
      ]),
    );
  });

  it('rejects headers outside a rule', () => {
    expect(() => parseHeadersFile('  X-A: 1')).toThrow(/before any URL/);
    expect(() => parseHeadersFile('/*\n  nonsense')).toThrow(/Name: value/);
  });
});
