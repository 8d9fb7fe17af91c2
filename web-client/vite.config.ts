/**
 * Builds the two pages into target/classes/peerhub-web/ so Maven packs them into the jar:
 * peerhub-web/index.html (landing), peerhub-web/room.html (room), peerhub-web/offline.html (what
 * the service worker answers offline), peerhub-web/sw.js, peerhub-web/assets/** (hashed), and
 * public/ as it is (the manifest and icons).
 *
 * `npm run dev` serves the pages with Vite and forwards /ws and /new to a Peerhub server on
 * PEERHUB_SERVER (default http://localhost:8080), rewriting /r/{id} to the room page as the
 * server does.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { SERVICE_WORKER, appShell } from './build/app-shell';

const server = process.env.PEERHUB_SERVER ?? 'http://localhost:8080';

/** Dev only: the server maps /r/{roomId} to room.html; mimic that. */
function roomRoute(): Plugin {
  return {
    name: 'peerhub-room-route',
    configureServer(dev) {
      dev.middlewares.use((req, _res, next) => {
        if (req.url && /^\/r\/[^/?#]+\/?(\?.*)?$/.test(req.url)) req.url = '/room.html';
        next();
      });
    },
  };
}

/**
 * room.html's entry (src/room-entry.ts) loads the room code with import(), so that it can join
 * while that code loads; this link makes the browser fetch the room code with the entry, not
 * after it has run.
 */
function preloadRoomCode(): Plugin {
  return {
    name: 'peerhub-preload-room-code',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.filename.endsWith('room.html')) return [];
        const bundle = ctx.bundle;
        const room = Object.values(bundle).find(
          (out) => out.type === 'chunk' && out.facadeModuleId?.endsWith('/src/room.ts'),
        );
        if (!room || room.type !== 'chunk') throw new Error('room.html: no chunk for src/room.ts to preload');
        // The room chunk and every chunk it imports, so none of them is fetched only when it runs.
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (files.has(fileName) || !chunk || chunk.type !== 'chunk') return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(room.fileName);
        return [...files].filter((file) => !html.includes(`/${file}"`)).map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [roomRoute(), preloadRoomCode(), appShell(resolve(import.meta.dirname, 'public'))],
  resolve: {
    // Automerge's default entry imports its .wasm as an ES module, which Vite does not bundle:
    // the page uses the `slim` entry and loads the wasm itself (src/docs/wasm.ts). Tests run in
    // Node, where the default entry loads the wasm from disk.
    alias: process.env.VITEST ? [] : [{ find: /^@automerge\/automerge$/, replacement: '@automerge/automerge/slim' }],
  },
  build: {
    outDir: 'target/classes/peerhub-web',
    emptyOutDir: true,
    // Keep every asset a file: data: URLs would need a looser CSP than the server sends.
    assetsInlineLimit: 0,
    target: 'es2022',
    // PEERHUB_UNMINIFIED=1 keeps function names, so a benchmark's CPU profile names what it saw.
    minify: process.env.PEERHUB_UNMINIFIED !== '1',
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        room: resolve(import.meta.dirname, 'room.html'),
        offline: resolve(import.meta.dirname, 'offline.html'),
        share: resolve(import.meta.dirname, 'share.html'),
        sw: resolve(import.meta.dirname, 'src/pwa/service-worker.ts'),
      },
      output: {
        // The service worker's scope is the folder it is served from: it must be at the root.
        entryFileNames: (chunk) => (chunk.name === 'sw' ? SERVICE_WORKER : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/ws': { target: server, ws: true },
      '/new': { target: server },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
