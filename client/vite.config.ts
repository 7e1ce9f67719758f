import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// In `vite dev` the API runs as its own process; API_PROXY_TARGET says where.
const apiTarget = process.env.API_PROXY_TARGET ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: apiTarget },
      '/health': { target: apiTarget },
      '/socket.io': { target: apiTarget, ws: true },
      '/collab': { target: apiTarget, ws: true },
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: './test-results/vitest.json' },
  },
});
