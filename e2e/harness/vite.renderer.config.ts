import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { contentSecurityPolicyPlugin } from '../../main/shell/csp-plugin';

/**
 * Builds only the renderer, exactly as electron-vite's renderer section does, for when the harness is
 * needed and the main or preload parts are mid-change. Output and base match the app's build.
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [react(), contentSecurityPolicyPlugin()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
  },
});
