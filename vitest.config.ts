import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests of core/CLI/contract, renderer component tests in jsdom, and the lab
// (root, network namespaces, real binaries), which runs files one after another.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'lab',
          include: ['e2e/lab/**/*.lab.test.ts'],
          // Fails the run, naming what is missing and the fix, where the machine cannot host the lab.
          globalSetup: ['e2e/lab/lab-gate.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
