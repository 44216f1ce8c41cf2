import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the end-to-end walk in a real browser against the Agents Playground (needs /usr/bin/chromium). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
