import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** `npm run fuzz` only (scripts/fuzz.mjs): the long run, not part of `npm test`. */
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.fuzz.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 4 * 3_600_000,
    hookTimeout: 120_000,
  },
});
