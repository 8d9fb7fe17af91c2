import { describe, expect, it } from 'vitest';
import { cachesToDelete, shellRoute } from './shell-routes';

const origin = 'https://hub.example';
const get = (path: string, mode = 'cors') => ({ url: origin + path, method: 'GET', mode });

describe('shellRoute', () => {
  it('answers pages from the network with the offline page behind them', () => {
    expect(shellRoute(get('/r/abc', 'navigate'), origin)).toBe('page');
    expect(shellRoute(get('/', 'navigate'), origin)).toBe('page');
    expect(shellRoute(get('/new', 'navigate'), origin)).toBe('page');
  });

  it('keeps only the app: hashed assets, the manifest and the icons', () => {
    expect(shellRoute(get('/assets/room-BHvT.js'), origin)).toBe('asset');
    expect(shellRoute(get('/assets/automerge_wasm_bg-1.wasm'), origin)).toBe('asset');
    expect(shellRoute(get('/manifest.webmanifest'), origin)).toBe('shell');
    expect(shellRoute(get('/icons/icon-192.png'), origin)).toBe('shell');
  });

  it('never touches signaling, credentials, health, metrics, other origins or writes', () => {
    for (const path of ['/ws', '/ws?room=abc', '/turn-credentials', '/healthz', '/metrics', '/r/abc', '/sw.js']) {
      expect(shellRoute(get(path), origin)).toBe('network');
    }
    expect(shellRoute(get('/assets/x.js?v=1'), origin)).toBe('network');
    expect(shellRoute({ url: 'https://other.example/assets/x.js', method: 'GET', mode: 'cors' }, origin)).toBe('network');
    expect(shellRoute({ url: origin + '/assets/x.js', method: 'POST', mode: 'cors' }, origin)).toBe('network');
    expect(shellRoute(get('/icons/../ws'), origin)).toBe('network');
  });
});

describe('cachesToDelete', () => {
  it('keeps the current release and the one before it', () => {
    const names = ['peerhub-shell-a', 'peerhub-shell-b', 'other', 'peerhub-shell-c'];
    expect(cachesToDelete(names, 'peerhub-shell-c')).toEqual(['peerhub-shell-a']);
    expect(cachesToDelete(['peerhub-shell-a'], 'peerhub-shell-a')).toEqual([]);
    expect(cachesToDelete(['peerhub-shell-a', 'peerhub-shell-b'], 'peerhub-shell-b')).toEqual([]);
  });

  it('takes the share target POST navigation, and no other POST', () => {
    expect(shellRoute({ url: origin + '/share', method: 'POST', mode: 'navigate' }, origin)).toBe('share');
    expect(shellRoute({ url: origin + '/share', method: 'POST', mode: 'cors' }, origin)).toBe('network');
    expect(shellRoute({ url: 'https://other.example/share', method: 'POST', mode: 'navigate' }, origin)).toBe('network');
    expect(shellRoute({ url: origin + '/r/abc', method: 'POST', mode: 'navigate' }, origin)).toBe('network');
    expect(shellRoute(get('/share', 'navigate'), origin)).toBe('page');
  });
});
