import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    globalSetup: ["tests/global/working-copy.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: training tests are CPU-bound, so more workers only slow each other down.
    maxWorkers: 2,
  },
});
