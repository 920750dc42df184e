/**
 * Everything the site keeps in a browser sits in localStorage under one prefix (reading progress,
 * theme choice), so a shared classroom device can be handed on clean with one button.
 */
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
