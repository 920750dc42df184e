/**
 * The offline copy of the site, shared by the build (scripts/service-worker.ts writes the service
 * worker and its manifest) and the pages (src/components/offline-client.ts registers it and shows its
 * progress): where the files are, how its caches are named, and how much of it a browser holds.
 */

/** The service worker, at the site's root so that its scope is the whole site. */
export const SERVICE_WORKER_URL = '/sw.js';

/** Every file the service worker keeps, with its size: written at build time beside sw.js. */
export const OFFLINE_MANIFEST_URL = '/offline-manifest.json';

/** Prefix of the Cache Storage names the worker uses (Workbox's cacheId), to find and delete them. */
export const OFFLINE_CACHE_PREFIX = 'emotion-lens';

export interface OfflineManifest {
  /** How many files the worker keeps. */
  count: number;
  /** Their total size in bytes. */
  bytes: number;
  /** Site path (`/lessons/x/index.html`) → size in bytes. */
  files: Record<string, number>;
}

export interface OfflineProgress {
  files: number;
  bytes: number;
}

/**
 * How much of the manifest a cache holds, from the URLs of its entries. Workbox keys a file without a
 * hash in its name as `path?__WB_REVISION__=…`, so only the path counts; a URL outside the manifest
 * (an older version's file) is not counted.
 */
export function progressOf(
  manifest: OfflineManifest,
  cachedUrls: Iterable<string>,
): OfflineProgress {
  const seen = new Set<string>();
  for (const url of cachedUrls) {
    const path = new URL(url, 'http://site.invalid').pathname;
    if (Object.hasOwn(manifest.files, path)) seen.add(path);
  }
  let bytes = 0;
  for (const path of seen) bytes += manifest.files[path]!;
  return { files: seen.size, bytes };
}

/** True for a Cache Storage name the offline copy made. */
export function isOfflineCacheName(name: string): boolean {
  return name.startsWith(`${OFFLINE_CACHE_PREFIX}-`);
}
