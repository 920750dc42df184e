/**
 * Everything the site keeps in a browser sits in localStorage under one prefix (reading progress,
 * theme choice), plus the offline copy when a reader asked for it (a service worker and its Cache
 * Storage), so a shared classroom device can be handed on clean with one button.
 */
import { isOfflineCacheName } from '../lib/offline/offline-copy.ts';

export const SITE_STORAGE_PREFIX = 'emotion-lens:';

/** Removes every key this site stored; returns how many there were. */
export function forgetSite(storage: Pick<Storage, 'length' | 'key' | 'removeItem'>): number {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(SITE_STORAGE_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
  return keys.length;
}

/**
 * Removes the offline copy: unregisters the site's service worker (this origin's only one) and deletes
 * the caches it filled. Returns how many caches there were.
 */
export async function forgetOfflineCopy(
  serviceWorker: Pick<ServiceWorkerContainer, 'getRegistrations'> | undefined,
  cacheStorage: Pick<CacheStorage, 'keys' | 'delete'> | undefined,
): Promise<number> {
  for (const registration of (await serviceWorker?.getRegistrations()) ?? [])
    await registration.unregister();
  const names = ((await cacheStorage?.keys()) ?? []).filter(isOfflineCacheName);
  for (const name of names) await cacheStorage!.delete(name);
  return names.length;
}
