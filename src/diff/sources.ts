/**
 * Where a side of `standpoint diff` comes from: a document folder, a YAML
 * file, or `<git-rev>:<path>`, which is extracted from git into a temporary
 * folder (git archive | tar) and read like any other folder. A revision never
 * reaches git where it could be read as an option: it is checked, resolved
 * with `rev-parse --verify --end-of-options`, and only its object id is passed on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { UserError } from '../diag/diagnostic.js';

export interface DiffSide {
  /** A path readDocument accepts. */
  path: string;
  cleanup(): void;
}

function gitError(spec: string, message: string, hint?: string): UserError {
  return UserError.single({ file: spec, line: 1, column: 1 }, 'git', message, hint, 2);
}

export function resolveSide(spec: string): DiffSide {
  const m = /^([^:]+):(.+)$/.exec(spec);
  if (!m || existsSync(spec)) return { path: spec, cleanup: () => undefined };
  const [, rev, path] = m as unknown as [string, string, string];
  // A name git would take for an option, or one with characters no revision has.
  if (rev.startsWith('-') || /[\s\0-\x1f\x7f]/.test(rev)) {
    throw gitError(spec, `‘${rev}’ is not a git revision`, 'a revision is a commit, branch or tag name such as HEAD~1, main or v1.0');
  }
  if (path.startsWith('/') || normalize(path).split(/[\\/]/).includes('..')) {
    throw gitError(spec, `‘${path}’ leaves the repository`, 'give the path from the current folder inside the repository');
  }
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw gitError(spec, `${spec} names a git revision, but this is not a git checkout`);
  }
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw gitError(spec, `no commit ‘${rev}’ in this repository`, 'git log --oneline lists the commits');
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw gitError(spec, `no commit ‘${rev}’ in this repository`);
  const prefix = execFileSync('git', ['rev-parse', '--show-prefix'], { encoding: 'utf8' }).trim();
  const repoPath = join(prefix, path).replace(/\/$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'standpoint-diff-'));
  try {
    const tar = execFileSync('git', ['-C', top, 'archive', '--format=tar', commit, '--', repoPath], { maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
    throw gitError(spec, `cannot read ${path} at ${rev}: ${stderr || 'git archive failed'}`);
  }
  return { path: join(dir, repoPath), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
