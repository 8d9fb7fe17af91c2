/**
 * Finishes the service worker (src/pwa/service-worker.ts → sw.js at the site's root, the only
 * place whose scope covers every page): it writes in front of it the release's version and the
 * files to keep, which exist only once the bundle is made.
 *
 * The version is a hash of everything kept, so sw.js changes (and browsers install it) exactly
 * when the app does.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

export const SERVICE_WORKER = 'sw.js';

export function appShell(publicDir: string): Plugin {
  return {
    name: 'peerhub-app-shell',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const sw = bundle[SERVICE_WORKER];
      if (!sw || sw.type !== 'chunk') this.error(`no ${SERVICE_WORKER} chunk in the bundle`);
      if (sw.imports.length > 0) this.error(`${SERVICE_WORKER} must not share code with the pages: it imports ${sw.imports.join(', ')}`);
      const hash = createHash('sha256');
      const built = Object.values(bundle)
        .filter((out) => out.fileName !== SERVICE_WORKER && !out.fileName.endsWith('.map'))
        .filter((out) => out.fileName.startsWith('assets/') || out.fileName === 'offline.html')
        .sort((a, b) => a.fileName.localeCompare(b.fileName));
      for (const out of built) {
        hash.update(out.fileName);
        hash.update(out.type === 'chunk' ? out.code : out.source);
      }
      const kept = publicFiles(publicDir).filter((file) => file === 'manifest.webmanifest' || file.startsWith('icons/'));
      for (const file of kept) {
        hash.update(file);
        hash.update(readFileSync(join(publicDir, file)));
      }
      const files = [...built.map((out) => out.fileName), ...kept].map((file) => `/${file}`);
      if (!files.includes('/offline.html')) this.error('offline.html is missing from the bundle');
      const shell = { version: hash.digest('hex').slice(0, 16), files };
      sw.code = `const PEERHUB_SHELL = ${JSON.stringify(shell)};\n${sw.code}`;
    },
  };
}

function publicFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
