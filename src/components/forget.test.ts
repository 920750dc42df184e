import { describe, expect, it } from 'vitest';
import { forgetOfflineCopy, forgetSite, SITE_STORAGE_PREFIX } from './forget.ts';
import { PROGRESS_KEY } from './progress.ts';
import { THEME_KEY } from './theme.ts';

/** A Storage with real Map semantics (key order = insertion order, as in browsers). */
function storageWith(entries: Record<string, string>): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
  };
}

describe('forgetSite', () => {
  it('removes the progress and the theme choice, and nothing of other sites on the same origin', () => {
    const storage = storageWith({
      [PROGRESS_KEY]: '{}',
      other: 'keep',
      [THEME_KEY]: 'dark',
      'emotion-lens-not-ours': 'keep',
    });
    expect(forgetSite(storage)).toBe(2);
    expect([...Array(storage.length)].map((_, i) => storage.key(i))).toEqual([
      'other',
      'emotion-lens-not-ours',
    ]);
  });

  it('every key the site stores starts with the prefix it clears', () => {
    for (const key of [PROGRESS_KEY, THEME_KEY])
      expect(key.startsWith(SITE_STORAGE_PREFIX)).toBe(true);
  });
});

describe('forgetOfflineCopy', () => {
  it('unregisters the service worker and deletes only the caches of the offline copy', async () => {
    const unregistered: string[] = [];
    const registration = (scope: string) =>
      ({
        scope,
        unregister: async () => unregistered.push(scope) > 0,
      }) as ServiceWorkerRegistration;
    const caches = new Set([
      'emotion-lens-precache-v2-http://127.0.0.1/',
      'another-app',
      'emotion-lens-runtime-http://127.0.0.1/',
    ]);
    const removed = await forgetOfflineCopy(
      { getRegistrations: async () => [registration('http://127.0.0.1/')] },
      { keys: async () => [...caches], delete: async (name: string) => caches.delete(name) },
    );
    expect(unregistered).toEqual(['http://127.0.0.1/']);
    expect(removed).toBe(2);
    expect([...caches]).toEqual(['another-app']);
  });

  it('does nothing where the browser has no service workers or Cache Storage', async () => {
    expect(await forgetOfflineCopy(undefined, undefined)).toBe(0);
  });
});
