/**
 * A tiny static file server for the built site (dist/), for the end-to-end tests. It behaves like a
 * static host: directory URLs serve index.html, "/about" redirects to "/about/", unknown paths get
 * 404.html with status 404, and the `_headers` file in the served folder is applied.
 *
 *   node tests/e2e/support/static-server.ts [--port 4399] [--host 127.0.0.1] [dist]
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlib, createBrotliCompress, createGzip } from 'node:zlib';
import { headersFor, parseHeadersFile, type HeaderRule } from './headers.ts';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.task': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export interface HostingOptions {
  root: string;
  /** Compress responses on the fly (brotli, else gzip) as a compressing host does. Default off. */
  compress?: boolean;
  /** Send `Cache-Control: public, max-age=…` instead of `no-cache`, so that reloads use the cache. */
  maxAgeSeconds?: number;
}

export interface StaticServerOptions extends HostingOptions {
  port?: number;
  host?: string;
}

/** Worth compressing: everything but pictures, videos and fonts (already compressed). */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|octet-stream|manifest)|image\/svg)/;

export function createStaticServer({
  root,
  compress = false,
  maxAgeSeconds,
}: HostingOptions): Server {
  const base = resolve(root);
  const headersPath = join(base, '_headers');
  let rules: HeaderRule[] = [];
  if (existsSync(headersPath)) rules = parseHeadersFile(readFileSync(headersPath, 'utf8'));

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let file = normalize(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    let status = 200;
    let stat = existsSync(file) ? statSync(file) : undefined;
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${pathname}/${url.search}` }).end();
        return;
      }
      file = join(file, 'index.html');
      stat = existsSync(file) ? statSync(file) : undefined;
    }
    if (!stat?.isFile() || pathname.endsWith('/_headers')) {
      status = 404;
      file = join(base, '404.html');
      stat = existsSync(file) ? statSync(file) : undefined;
      if (!stat) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
    }
    const type = types[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': stat.size,
      'cache-control':
        status === 200 && maxAgeSeconds ? `public, max-age=${maxAgeSeconds}` : 'no-cache',
    };
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const encoding =
      !compress || !COMPRESSIBLE.test(type)
        ? null
        : /\bbr\b/.test(accepts)
          ? 'br'
          : /\bgzip\b/.test(accepts)
            ? 'gzip'
            : null;
    if (encoding) {
      delete headers['content-length'];
      headers['content-encoding'] = encoding;
      headers['vary'] = 'Accept-Encoding';
    }
    for (const [k, v] of headersFor(rules, pathname)) headers[k] = v;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = createReadStream(file);
    // Level 5: what hosts use when compressing on the fly (11 is for files compressed ahead of time).
    if (encoding === 'br')
      body.pipe(createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })).pipe(res);
    else if (encoding === 'gzip') body.pipe(createGzip()).pipe(res);
    else body.pipe(res);
  });
}

export function startStaticServer(opts: StaticServerOptions): Promise<Server> {
  const server = createStaticServer(opts);
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let port = 4399;
  let host = '127.0.0.1';
  let root = 'dist';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--port') port = Number(args[++i]);
    else if (a === '--host') host = args[++i]!;
    else root = a;
  }
  if (!existsSync(join(root, 'index.html'))) {
    console.error(
      `static-server: ${root}/index.html not found — build the site first (npm run build).`,
    );
    process.exit(1);
  }
  const server = await startStaticServer({ root, port, host });
  console.log(`Serving ${resolve(root)} at http://${host}:${port}/`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
