/**
 * The version of an installed package, for naming cache sections after what
 * their entries depend on. Owns finding the package.json above a package's
 * entry point (packages' export maps often hide package.json itself).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `name`'s version as `require` resolves it, or "?" when its package.json is not found. */
export function packageVersion(require: NodeRequire, name: string): string {
  let dir = dirname(require.resolve(name));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    } catch {
      /* not here */
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return '?';
}
