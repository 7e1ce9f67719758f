import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    // One Chromium at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Polls wait for what a person would see; on a busy 2-core machine the app can take
    // seconds to load its editor, so 1 s (Vitest's default) would measure the machine.
    expect: { poll: { timeout: 15_000 } },
    reporters: ['default', 'json'],
    outputFile: { json: './test-results/vitest.json' },
  },
});
