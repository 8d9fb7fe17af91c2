/**
 * Serves this page with the web client's Vite (nothing to install here):
 * `web-client/node_modules/.bin/vite examples/minimal-page`. Plain JavaScript without imports, so
 * that it loads from a folder that has no node_modules and no package.json.
 */
export default {
  server: {
    // The page imports the client's modules (and they their packages) from ../../web-client.
    fs: { allow: ['.', '../../web-client'] },
  },
  // Dependencies found on the first load are pre-bundled here, not in the web client's cache.
  cacheDir: 'target/vite',
};
