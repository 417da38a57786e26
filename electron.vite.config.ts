import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { build, type Plugin } from 'vite';
import { contentSecurityPolicyPlugin } from './main/shell/csp-plugin';

const root = import.meta.dirname;

/**
 * Programs that run outside Electron's app.asar, each built as one self-contained file (dependencies
 * included; .mjs because the unpacked folder has no package.json saying "module"), after the main bundle
 * and from the same core code:
 * - out/helper/helper-main.mjs: the privileged helper, run as root (pkexec cannot run code from inside
 *   app.asar);
 * - out/cli/holdfast.mjs: the `holdfast` command of the installed packages (/usr/bin/holdfast runs it with
 *   the app's own runtime in Node mode; a plain file needs no asar support and no node_modules).
 */
function selfContainedBundle(name: string, entry: string, outDir: string, fileName: string): Plugin {
  return {
    name: `holdfast:${name}`,
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        ssr: { noExternal: true, target: 'node' },
        build: {
          ssr: resolve(root, entry),
          outDir: resolve(root, outDir),
          emptyOutDir: true,
          target: 'node20',
          minify: false,
          sourcemap: false,
          rollupOptions: { output: { format: 'es', entryFileNames: fileName } },
        },
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [
      selfContainedBundle(
        'privileged-helper',
        'main/core/system/helper/helper-main.ts',
        'out/helper',
        'helper-main.mjs',
      ),
      selfContainedBundle('packaged-cli', 'main/cli/index.ts', 'out/cli', 'holdfast.mjs'),
    ],
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
