/**
 * Killing `import --update` while it writes four YAML files: at every moment
 * sampled, each file is whole (its old or its new bytes, never a mix of
 * bytes), and after the next command — which finds the journal — the files
 * are the whole old set or the whole new set, and the staging folder is gone.
 * The kill comes from a preloaded module (test/helpers/kill-at.mjs) that
 * sends SIGKILL just before the N-th file-system operation of the commit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { smallDocument } from '../helpers/small-document.js';
import { blockWith, editText, joinBody, partText, readParts, setPartText, splitBody, writeParts } from '../helpers/docx-edit.js';

const FILES = ['document.yaml', 'positive.yaml', 'critical.yaml', 'recommendations.yaml'];
const killer = join(repoRoot, 'test', 'helpers', 'kill-at.mjs');
let edited: string;
let oldSet: Buffer[];
let newSet: Buffer[];
let operations: number;
let sequence: string[];

const snapshot = (dir: string) => FILES.map((f) => readFileSync(join(dir, f)));
let base: string;
const copy = () => {
  const dir = join(tempDir('kill-'), 'kz-2011-presidential');
  cpSync(base, dir, { recursive: true });
  return dir;
};

function update(dir: string, killAt: number) {
  // Without the typesetting cache: its file, written after the commit, is not one of the document's (its own writes are tested in typeset-cache.test.ts).
  return spawnSync(process.execPath, ['--import', killer, cliPath, 'import', edited, '--update', dir], { encoding: 'utf8', env: { ...process.env, STANDPOINT_KILL_AT: String(killAt), STANDPOINT_NO_CACHE: '1' } });
}

beforeAll(() => {
  base = smallDocument();
  const out = tempDir('kill-src-');
  expect(runCli(['render', base, '--out', out, '--format', 'docx']).status).toBe(0);
  const parts = readParts(join(out, 'kz-2011-presidential.en.docx'));
  const body = splitBody(partText(parts, 'word/document.xml'));
  // One edit in each of the four files.
  for (const [bookmark, from, to] of [
    ['sp_openingX1', 'expresses its gratefulness', 'expresses its sincere gratefulness'],
    ['sp_pa_1Xs1', 'This document', 'This very document'],
    ['sp_co_2Xs1', 'Amendments were not hasty', 'Amendments were never hasty'],
    ['sp_rec_1Xs1', 'Electoral legislation of Kazakhstan', 'The electoral legislation of Kazakhstan'],
  ] as const) {
    const i = blockWith(body, bookmark);
    body.blocks[i] = editText(body.blocks[i]!, from, to);
  }
  setPartText(parts, 'word/document.xml', joinBody(body));
  edited = join(out, 'edited.docx');
  writeParts(edited, parts);
  const dir = copy();
  oldSet = snapshot(dir);
  const r = update(dir, 0);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('4 change(s)');
  newSet = snapshot(dir);
  FILES.forEach((f, i) => expect(newSet[i]!.equals(oldSet[i]!), f).toBe(false));
  const m = /kill-at: (\d+) operations: (.*)/.exec(r.stderr)!;
  operations = Number(m[1]);
  sequence = m[2]!.split(' ');
  expect(sequence.filter((o) => o === 'renameSync>target')).toHaveLength(4);
  expect(operations).toBeGreaterThan(20);
});

describe('a commit killed at any moment', () => {
  it('leaves each file whole, and the next command restores the whole old set or keeps the whole new set', () => {
    // Eight moments spread over the commit (staging, backups, the journal, the done mark, the clean-up) and
    // each rename into the document: killed before the first, between two, after the last.
    const renames = sequence.flatMap((o, i) => (o === 'renameSync>target' ? [i + 1] : []));
    const moments = [...new Set([...Array.from({ length: 8 }, (_, i) => 1 + Math.round((i * (operations - 1)) / 7)), ...renames, renames.at(-1)! + 1])].sort((a, b) => a - b);
    const outcomes = new Map<number, string>();
    let mixedOnDisk = 0;
    for (const n of moments) {
      const dir = copy();
      const r = update(dir, n);
      expect(r.signal, `operation ${n}: ${r.stderr}`).toBe('SIGKILL');
      // Right after the kill: every file is its old or its new version.
      const now = snapshot(dir);
      FILES.forEach((f, i) => expect(now[i]!.equals(oldSet[i]!) || now[i]!.equals(newSet[i]!), `${f} after a kill at operation ${n}`).toBe(true));
      if (!now.every((b, i) => b.equals(oldSet[i]!)) && !now.every((b, i) => b.equals(newSet[i]!))) mixedOnDisk++;
      const journal = existsSync(join(dir, '.standpoint-transaction', 'journal.json'));
      // The next command finishes or undoes the commit before it reads.
      const v = runCli(['validate', dir]);
      expect(v.status, v.stderr).toBe(0);
      expect(existsSync(join(dir, '.standpoint-transaction'))).toBe(false);
      const after = snapshot(dir);
      const old = after.every((b, i) => b.equals(oldSet[i]!));
      const whole = after.every((b, i) => b.equals(newSet[i]!));
      expect(old || whole, `a mixed set after recovering from a kill at operation ${n}`).toBe(true);
      if (journal) expect(v.stderr).toMatch(/warning an earlier standpoint command was stopped .* \(transaction-recovered\)/);
      outcomes.set(n, old ? 'old' : 'new');
      // And running the command again brings the edits in.
      if (old && n === moments[Math.floor(moments.length / 2)]) {
        const again = update(dir, 0);
        expect(again.status, again.stderr).toBe(0);
        expect(snapshot(dir).every((b, i) => b.equals(newSet[i]!))).toBe(true);
      }
    }
    console.log(`commit of ${FILES.length} files, ${operations} operations; killed at ${moments.length}: ${[...outcomes].map(([n, o]) => `${n}→${o}`).join(' ')}; ${mixedOnDisk} left a mixed set on disk until the next command`);
    // Early kills undo; a kill after the commit was marked done keeps it.
    expect(outcomes.get(moments[0]!)).toBe('old');
    expect(outcomes.get(operations)).toBe('new');
    expect([...outcomes.values()]).toContain('old');
    // Some kills fell between two renames: the disk held a mixed set, which the recovery undid.
    expect(mixedOnDisk).toBeGreaterThan(0);
  });
});
