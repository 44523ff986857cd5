// One ES module, maplibre-gl and its CSS inside: /widget/d4i-map.js. maplibre-gl's worker is not
// bundled; it loads maplibre-gl-worker.mjs beside the bundle, which the server serves from node_modules.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/widget', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: { entry: fileURLToPath(new URL('./src/d4i-map.ts', import.meta.url)), formats: ['es'], fileName: () => 'd4i-map.js' },
    // `d4i bench widget` weighs the widget's own code by leaving maplibre-gl out
    rollupOptions: process.env.D4I_WIDGET_EXTERNAL ? { external: [/^maplibre-gl/] } : {},
  },
});
