/**
 * Node's compile cache (module.enableCompileCache, Node 22.1 and later): V8
 * keeps the code it compiled for the modules loaded after this call — the PDF
 * engine (pdfmake, pdfkit, fontkit), in the main thread and in the PDF worker
 * — in a folder and starts from it next time instead of parsing and compiling
 * again. The CLI bundle itself has a code cache of its own, on every Node
 * (code-cache.ts). A no-op on Node 20, which has no such cache,
 * when the typesetting cache is off (`--no-cache`, STANDPOINT_NO_CACHE) and when
 * the technique is turned off. Owns only that call; the folder is the
 * typesetting cache's, under compile/.
 */
import module from 'node:module';
import { join } from 'node:path';
import { typesetCacheFolder } from '../render/cache/location.js';
import { techniqueOn } from '../render/techniques.js';

type WithCompileCache = typeof module & { enableCompileCache?: (dir?: string) => { status: number; message?: string; directory?: string } };

/** Turns the compile cache on for modules loaded from now on (idempotent; Node 20: nothing). */
export function enableCompileCache(): void {
  const enable = (module as WithCompileCache).enableCompileCache;
  if (typeof enable !== 'function' || !techniqueOn('compileCache')) return;
  const folder = typesetCacheFolder();
  if (!folder) return;
  try {
    enable(join(folder, 'compile'));
  } catch {
    /* a cache that cannot be used is a cache missed */
  }
}
