/**
 * "Get this site ready for offline use" (/teach/, ./OfflineCopy.astro): registers the service worker
 * (Workbox, built by scripts/service-worker.ts), whose install downloads every file of the offline copy,
 * and shows the download's progress by counting what Cache Storage already holds against the list of
 * files the build wrote (offline-manifest.json).
 */
import { Workbox } from 'workbox-window';
import { bytes, count, duration } from '../lib/format.ts';
import {
  isOfflineCacheName,
  OFFLINE_MANIFEST_URL,
  progressOf,
  SERVICE_WORKER_URL,
  type OfflineManifest,
  type OfflineProgress,
} from '../lib/offline/offline-copy.ts';
import { siteText } from '../lib/site-text.ts';

const POLL_MS = 250;

/** "3.4 s" for a short download (a whole number of seconds would often say "0 s"), else "2 min". */
const took = (seconds: number) => (seconds < 90 ? `${seconds.toFixed(1)} s` : duration(seconds));

async function cachedProgress(manifest: OfflineManifest): Promise<OfflineProgress> {
  const urls: string[] = [];
  for (const name of (await caches.keys()).filter(isOfflineCacheName)) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return progressOf(manifest, urls);
}

async function loadManifest(): Promise<OfflineManifest> {
  const response = await fetch(OFFLINE_MANIFEST_URL, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${OFFLINE_MANIFEST_URL}: HTTP ${response.status}`);
  return (await response.json()) as OfflineManifest;
}

/** How the install ends: active (the copy is complete), waiting (a new version waits) or failed. */
function installed(wb: Workbox): Promise<'active' | 'waiting' | 'failed'> {
  return new Promise((resolve) => {
    void wb.active.then(() => resolve('active'));
    wb.addEventListener('waiting', () => resolve('waiting'));
    wb.addEventListener('redundant', () => resolve('failed'));
  });
}

export function startOfflineCopy(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-offline-get]')!;
  const bar = root.querySelector<HTMLProgressElement>('[data-offline-bar]')!;
  const status = root.querySelector<HTMLElement>('[data-offline-status]')!;
  const size = root.querySelector<HTMLElement>('[data-offline-size]');

  if (!('serviceWorker' in navigator) || !('caches' in window)) {
    button.disabled = true;
    status.textContent = siteText('offlineUnsupported');
    return;
  }
  const manifest = loadManifest();
  void manifest.then((m) => {
    if (!size) return;
    size.textContent = siteText('offlineSize', { files: count(m.count), size: bytes(m.bytes) });
    size.hidden = false;
  });
  if (navigator.serviceWorker.controller) status.textContent = siteText('offlineKept');

  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = siteText('offlineStarting');
    const started = performance.now();
    let timer: ReturnType<typeof setInterval> | undefined;
    try {
      const m = await manifest;
      const show = async () => {
        const p = await cachedProgress(m);
        bar.max = m.bytes;
        bar.value = p.bytes;
        bar.hidden = false;
        status.textContent = siteText('offlineProgress', {
          files: count(p.files),
          total: count(m.count),
          done: bytes(p.bytes),
          size: bytes(m.bytes),
        });
        return p;
      };
      timer = setInterval(() => void show(), POLL_MS);
      const wb = new Workbox(SERVICE_WORKER_URL);
      const outcome = installed(wb);
      await wb.register({ immediate: true });
      const end = await outcome;
      clearInterval(timer);
      const p = await show();
      if (end === 'waiting') status.textContent = siteText('offlineNewVersion');
      else if (end === 'failed' || p.files < m.count)
        status.textContent = siteText('offlineFailed');
      else
        status.textContent = siteText('offlineReady', {
          files: count(p.files),
          size: bytes(p.bytes),
          time: took((performance.now() - started) / 1000),
        });
    } catch {
      status.textContent = siteText('offlineFailed');
    } finally {
      clearInterval(timer);
      button.disabled = false;
    }
  });
}
