import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from './static-server.ts';
import { builtPages } from './pages.ts';
import type { Server } from 'node:http';

let server: Server;
let base: string;
const root = mkdtempSync(join(tmpdir(), 'el-static-'));

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(root, '404.html'), '<h1>missing</h1>');
  mkdirSync(join(root, 'lessons/one'), { recursive: true });
  writeFileSync(join(root, 'lessons/one/index.html'), '<h1>one</h1>');
  mkdirSync(join(root, '_astro'));
  writeFileSync(join(root, '_astro/app.js'), 'console.log(1)');
  mkdirSync(join(root, 'vendor/x'), { recursive: true });
  writeFileSync(join(root, 'vendor/x/index.html'), 'not a page');
  writeFileSync(
    join(root, '_headers'),
    '/*\n  X-Test: yes\n/_astro/*\n  Cache-Control: immutable\n',
  );
  server = await startStaticServer({ root, port: 0 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('static test server', () => {
  it('serves directory index pages with the _headers headers', async () => {
    const res = await fetch(`${base}/lessons/one/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('x-test')).toBe('yes');
    expect(await res.text()).toContain('one');
  });

  it('redirects a directory without its trailing slash', async () => {
    const res = await fetch(`${base}/lessons/one`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/lessons/one/');
  });

  it('answers unknown paths with 404.html, and never serves _headers itself', async () => {
    for (const p of ['/nope/', '/_headers', '/../etc/passwd']) {
      const res = await fetch(`${base}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.text()).toContain('missing');
    }
  });

  it('applies path-specific rules and content types', async () => {
    const res = await fetch(`${base}/_astro/app.js`);
    expect(res.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('immutable');
  });
});

describe('page discovery', () => {
  it('finds every index.html and 404.html, but not asset folders', () => {
    expect(builtPages(root)).toEqual(['/', '/404.html', '/lessons/one/']);
  });
});
