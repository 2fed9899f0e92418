import { defineConfig } from 'vitest/config';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two cores: end-to-end files each start LibreOffice or pdftotext; two at a time is enough.
    maxWorkers: 2,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // The typesetting cache of this run, not the user's: tests start from an empty cache (src/render/cache).
    env: { STANDPOINT_CACHE_DIR: join(tmpdir(), `standpoint-test-cache-${process.pid}`) },
  },
});
