/**
 * Installs the service worker (service-worker.ts) once the page has what it came for, so the
 * install's downloads never compete with joining a room. A new release's worker takes over by
 * itself and keeps the previous release's files, so an open room goes on working on the code it
 * started with; the person is told once that reloading gives them the new version.
 */
import { whenIdle } from '../idle';
import { t } from '../i18n';

export function registerAppShell(tell: (text: string) => void): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  // A page that opened under no worker sees its first one arrive: that is no update.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) tell(t('app.updated'));
    controlled = true;
  });
  void whenIdle(() => navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' })).catch(
    (err: unknown) => console.warn('peerhub: the app could not be installed for offline use', err),
  );
}
