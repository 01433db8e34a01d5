import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const API = process.env.MDT_API ?? 'http://127.0.0.1:8000';

/** Writes a .gz next to each JS/CSS/SVG asset: Django's SPA view serves it to gzip clients. */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'mdt-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (/\.(js|css|svg)$/.test(name)) {
          const file = join(assets, name);
          writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: { alias: { '@': resolve(import.meta.dirname, 'src') } },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/healthz': { target: API },
    },
  },
  build: {
    // antd is not forced into one chunk: components only lazy pages use load with them.
    chunkSizeWarningLimit: 800,
  },
});
