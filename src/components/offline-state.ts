/**
 * The small "Available offline" line every page shows (site pages in the footer, embed pages under the
 * widget) once this browser keeps the offline copy, i.e. when a service worker controls the page. It
 * costs nothing on other pages: workbox-window is imported only when there is a copy to look after.
 *
 * Updates never mix versions: a new build's worker downloads what changed in the background while the
 * old one keeps serving this page; the line then offers to switch, and the switch reloads every open
 * page of the site when the new worker takes over.
 */
import { SERVICE_WORKER_URL } from '../lib/offline/offline-copy.ts';

export function showOfflineState(root: HTMLElement): void {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  if (sw.controller) void watch(root, sw);
  // The first download (the button on /teach/) takes over the open pages without a reload.
  else sw.addEventListener('controllerchange', () => void watch(root, sw), { once: true });
}

async function watch(root: HTMLElement, sw: ServiceWorkerContainer): Promise<void> {
  root.hidden = false;
  // Once this page has a worker, any change of worker is a new version: reload to get all of it.
  sw.addEventListener('controllerchange', () => location.reload());

  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(SERVICE_WORKER_URL);
  const update = root.querySelector<HTMLElement>('[data-offline-update]');
  const button = root.querySelector<HTMLButtonElement>('[data-offline-switch]');
  wb.addEventListener('waiting', () => {
    if (update) update.hidden = false;
  });
  button?.addEventListener('click', () => {
    button.disabled = true;
    wb.messageSkipWaiting();
  });
  await wb.register();
}
