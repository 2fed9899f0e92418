/**
 * Where the typesetting cache lives, and whether it is used at all. Owns the
 * two environment variables and the platform's cache folder:
 * - STANDPOINT_NO_CACHE (any value but "" and "0") turns the cache off, as
 *   `render --no-cache` does; nothing is read or written then;
 * - STANDPOINT_CACHE_DIR names the folder instead of the platform's own:
 *   $XDG_CACHE_HOME/standpoint or ~/.cache/standpoint (Linux and others),
 *   ~/Library/Caches/standpoint (macOS), %LOCALAPPDATA%\standpoint\Cache (Windows).
 * Environment variables, not module state, because PDF worker threads start
 * with a copy of the environment and must decide the same.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const NO_CACHE_VARIABLE = 'STANDPOINT_NO_CACHE';
export const CACHE_DIR_VARIABLE = 'STANDPOINT_CACHE_DIR';

/** Whether the cache is turned off for this process (and the workers it starts from now on). */
export function cacheTurnedOff(): boolean {
  const v = process.env[NO_CACHE_VARIABLE];
  return v !== undefined && v !== '' && v !== '0';
}

/** Turns the cache off for this process and the workers it starts from now on (`--no-cache`). */
export function turnCacheOff(): void {
  process.env[NO_CACHE_VARIABLE] = '1';
}

/** The platform's folder for caches of this user, or undefined when there is none to be found. */
function platformCacheFolder(): string | undefined {
  const env = process.env;
  if (process.platform === 'win32') return env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? join(env.LOCALAPPDATA, 'standpoint', 'Cache') : undefined;
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (process.platform === 'darwin') return home ? join(home, 'Library', 'Caches', 'standpoint') : undefined;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'standpoint');
  return home ? join(home, '.cache', 'standpoint') : undefined;
}

/** The folder of the typesetting cache, or undefined when the cache is off. */
export function typesetCacheFolder(): string | undefined {
  if (cacheTurnedOff()) return undefined;
  const named = process.env[CACHE_DIR_VARIABLE];
  if (named) return isAbsolute(named) ? named : join(process.cwd(), named);
  return platformCacheFolder();
}
