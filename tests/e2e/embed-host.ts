/**
 * A "teacher's page" for the embed tests: a tiny HTTP server on another local port (so another
 * origin than the site under test) that serves host pages the test writes, e.g.
 *
 *   const host = await startHost();
 *   const url = host.page('demo', `<iframe src="${BASE_URL}/embed/live-demo/" allow="camera"></iframe>`);
 *   await page.goto(url);
 *
 * Each page is a plain HTML document with the given body; nothing else is served.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Host {
  origin: string;
  /** Register a page and return its URL. */
  page(name: string, body: string, head?: string): string;
  close(): Promise<void>;
}

export async function startHost(): Promise<Host> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages.get(path);
    if (!html) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(html);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    page(name, body, head = '') {
      const path = `/${name.replace(/[^a-z0-9-]+/gi, '-')}.html`;
      pages.set(
        path,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host: ${name}</title>` +
          `<meta name="viewport" content="width=device-width, initial-scale=1">${head}</head><body>${body}</body></html>`,
      );
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
