/**
 * A new, empty typesetting cache folder for each test of a file, and the
 * cache switched on (STANDPOINT_CACHE_DIR set, STANDPOINT_NO_CACHE cleared),
 * with this thread's cache state forgotten before and after each test; the
 * environment is put back afterwards. Call once at the top of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetCacheState } from '../../src/render/cache/cache-file.js';
import { CACHE_DIR_VARIABLE, NO_CACHE_VARIABLE } from '../../src/render/cache/location.js';

/** The current test's cache folder. */
export function useTemporaryCacheFolder(prefix: string): () => string {
  let folder = '';
  const saved = { dir: process.env[CACHE_DIR_VARIABLE], off: process.env[NO_CACHE_VARIABLE] };
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), prefix));
    process.env[CACHE_DIR_VARIABLE] = folder;
    delete process.env[NO_CACHE_VARIABLE];
    resetCacheState();
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
    if (saved.dir === undefined) delete process.env[CACHE_DIR_VARIABLE];
    else process.env[CACHE_DIR_VARIABLE] = saved.dir;
    if (saved.off === undefined) delete process.env[NO_CACHE_VARIABLE];
    else process.env[NO_CACHE_VARIABLE] = saved.off;
    resetCacheState();
  });
  return () => folder;
}
