/**
 * Where a side of `standpoint diff` comes from: a document folder, a YAML
 * file, or `<git-rev>:<path>`, which is extracted from git into a temporary
 * folder (git archive | tar) and read like any other folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../diag/diagnostic.js';

export interface DiffSide {
  /** A path readDocument accepts. */
  path: string;
  cleanup(): void;
}

export function resolveSide(spec: string): DiffSide {
  const m = /^([^:]+):(.+)$/.exec(spec);
  if (!m || existsSync(spec)) return { path: spec, cleanup: () => undefined };
  const [, rev, path] = m as unknown as [string, string, string];
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw UserError.single({ file: spec, line: 1, column: 1 }, 'git', `${spec} names a git revision, but this is not a git checkout`, undefined, 2);
  }
  const prefix = execFileSync('git', ['rev-parse', '--show-prefix'], { encoding: 'utf8' }).trim();
  const repoPath = join(prefix, path).replace(/\/$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'standpoint-diff-'));
  try {
    const tar = execFileSync('git', ['-C', top, 'archive', '--format=tar', rev, '--', repoPath], { maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
    throw UserError.single({ file: spec, line: 1, column: 1 }, 'git', `cannot read ${path} at ${rev}: ${stderr || 'git archive failed'}`, undefined, 2);
  }
  return { path: join(dir, repoPath), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
