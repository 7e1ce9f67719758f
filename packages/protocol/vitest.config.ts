import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: './test-results/vitest.json' },
  },
});
