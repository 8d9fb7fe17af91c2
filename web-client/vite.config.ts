/**
 * Builds the two pages into target/classes/peerhub-web/ so Maven packs them into the jar:
 * peerhub-web/index.html (landing), peerhub-web/room.html (room), peerhub-web/assets/** (hashed).
 *
 * `npm run dev` serves the pages with Vite and forwards /ws and /new to a Peerhub server on
 * PEERHUB_SERVER (default http://localhost:8080), rewriting /r/{id} to the room page as the
 * server does.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

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

export default defineConfig({
  base: '/',
  plugins: [roomRoute()],
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
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        room: resolve(import.meta.dirname, 'room.html'),
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
