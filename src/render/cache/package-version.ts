/**
 * The version of an installed package, for naming cache sections after what
 * their entries depend on. Owns finding the package.json above a package's
 * entry point (packages' export maps often hide package.json itself).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Set by the build (scripts/bundle.mjs) in the CLI bundle only: the versions
 * of the packages bundled into it. Their code there is the copy the build
 * took, whatever node_modules holds now; and resolving a package (its export
 * map) cost a cold run some 6 ms.
 */
declare const STANDPOINT_BUNDLED_VERSIONS: Record<string, string> | undefined;

/** `name`'s version: the bundled copy's, or as `require` resolves it; "?" when its package.json is not found. */
export function packageVersion(require: NodeRequire, name: string): string {
  if (typeof STANDPOINT_BUNDLED_VERSIONS === 'object' && Object.hasOwn(STANDPOINT_BUNDLED_VERSIONS, name)) return STANDPOINT_BUNDLED_VERSIONS[name]!;
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
