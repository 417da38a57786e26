import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { build, type Plugin } from 'vite';
import { contentSecurityPolicyPlugin } from './main/shell/csp-plugin';

const root = import.meta.dirname;

/**
 * The privileged helper runs as root outside app.asar (pkexec cannot run code from inside it), so it is
 * built as one self-contained file, dependencies included: out/helper/helper-main.mjs (.mjs: the unpacked
 * folder has no package.json saying "module"). Built after the main bundle, with the same core code.
 */
function privilegedHelperBundle(): Plugin {
  return {
    name: 'holdfast:privileged-helper',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        ssr: { noExternal: true, target: 'node' },
        build: {
          ssr: resolve(root, 'main/core/system/helper/helper-main.ts'),
          outDir: resolve(root, 'out/helper'),
          emptyOutDir: true,
          target: 'node20',
          minify: false,
          sourcemap: false,
          rollupOptions: { output: { format: 'es', entryFileNames: 'helper-main.mjs' } },
        },
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [privilegedHelperBundle()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The CLI is built beside the Electron entry from the same core.
        input: { index: resolve(root, 'main/index.ts'), cli: resolve(root, 'main/cli/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // The page's Content-Security-Policy comes from main/shell/csp.ts, in the build and on the dev server.
    plugins: [react(), contentSecurityPolicyPlugin()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
