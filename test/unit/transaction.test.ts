/**
 * Transactions (src/io/transaction.ts): every file of a set or none; a commit
 * left half done by a killed process is undone (or, once done, kept) by the
 * next recovery. The kill test (test/e2e/transaction-kill.test.ts) kills a real
 * process at every step; these tests build the half-done states by hand.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitFiles, recoverInterruptedCommit, TRANSACTION_DIR } from '../../src/io/transaction.js';
import { UserError } from '../../src/diag/diagnostic.js';
import { tempDir } from '../helpers/tools.js';

function folder(files: Record<string, string>): string {
  const root = tempDir('txn-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const read = (root: string, name: string) => (existsSync(join(root, name)) ? readFileSync(join(root, name), 'utf8') : undefined);

/** A dead process id: one that just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('commitFiles', () => {
  it('writes every file, creates folders, and leaves no staging folder', () => {
    const root = folder({ 'a.yaml': 'old a', 'b.yaml': 'old b' });
    commitFiles(root, [
      { path: join(root, 'a.yaml'), data: 'new a' },
      { path: join(root, 'b.yaml'), data: 'new b' },
      { path: join(root, 'translations', 'ru.yaml'), data: 'new ru' },
    ]);
    expect([read(root, 'a.yaml'), read(root, 'b.yaml'), read(root, 'translations/ru.yaml')]).toEqual(['new a', 'new b', 'new ru']);
    expect(readdirSync(root)).not.toContain(TRANSACTION_DIR);
  });

  it('writes nothing when the verification refuses', () => {
    const root = folder({ 'a.yaml': 'old a' });
    expect(() =>
      commitFiles(root, [{ path: join(root, 'a.yaml'), data: 'new a' }, { path: join(root, 'sub', 'b.yaml'), data: 'new b' }], {
        verify: () => {
          throw UserError.single(undefined, 'x', 'refused');
        },
      }),
    ).toThrow(/refused/);
    expect(read(root, 'a.yaml')).toBe('old a');
    expect(readdirSync(root).sort()).toEqual(['a.yaml']);
  });

  it('undoes the files already renamed in when a later rename fails', () => {
    const root = folder({ 'a.yaml': 'old a' });
    // b.yaml is a folder with content: renaming a file over it fails after a.yaml was renamed in.
    mkdirSync(join(root, 'b.yaml', 'x'), { recursive: true });
    expect(() => commitFiles(root, [{ path: join(root, 'a.yaml'), data: 'new a' }, { path: join(root, 'b.yaml'), data: 'new b' }])).toThrow(UserError);
    expect(read(root, 'a.yaml')).toBe('old a');
    expect(readdirSync(root).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('refuses a target outside the folder', () => {
    const root = folder({});
    expect(() => commitFiles(root, [{ path: join(root, '..', 'x.yaml'), data: 'x' }])).toThrow(/not inside/);
  });
});

describe('recoverInterruptedCommit', () => {
  /** A commit stopped after `renamed` of its files were renamed in. */
  async function halfDone(renamed: number, done = false): Promise<string> {
    const root = folder({ 'a.yaml': 'old a', 'b.yaml': 'old b' });
    const stage = join(root, TRANSACTION_DIR);
    mkdirSync(stage);
    writeFileSync(join(stage, 'owner.json'), JSON.stringify({ pid: await deadPid() }));
    const entries = [
      { target: 'a.yaml', staged: '0.new', backup: '0.old' },
      { target: 'b.yaml', staged: '1.new', backup: '1.old' },
      { target: 'c.yaml', staged: '2.new' },
    ];
    writeFileSync(join(stage, '0.new'), 'new a');
    writeFileSync(join(stage, '1.new'), 'new b');
    writeFileSync(join(stage, '2.new'), 'new c');
    linkSync(join(root, 'a.yaml'), join(stage, '0.old'));
    linkSync(join(root, 'b.yaml'), join(stage, '1.old'));
    writeFileSync(join(stage, 'journal.json'), JSON.stringify({ version: 1, entries, createdDirs: [] }));
    for (const e of entries.slice(0, renamed)) renameSync(join(stage, e.staged), join(root, e.target));
    if (done) writeFileSync(join(stage, 'done'), '');
    return root;
  }

  for (const renamed of [0, 1, 2, 3]) {
    it(`rolls back a commit stopped after ${renamed} rename(s): the whole old set`, async () => {
      const root = await halfDone(renamed);
      expect(recoverInterruptedCommit(root)?.action).toBe('rolled-back');
      expect([read(root, 'a.yaml'), read(root, 'b.yaml'), read(root, 'c.yaml')]).toEqual(['old a', 'old b', undefined]);
      expect(existsSync(join(root, TRANSACTION_DIR))).toBe(false);
    });
  }

  it('keeps a commit that was done: the whole new set', async () => {
    const root = await halfDone(3, true);
    expect(recoverInterruptedCommit(root)?.action).toBe('finished');
    expect([read(root, 'a.yaml'), read(root, 'b.yaml'), read(root, 'c.yaml')]).toEqual(['new a', 'new b', 'new c']);
    expect(existsSync(join(root, TRANSACTION_DIR))).toBe(false);
  });

  it('a rollback stopped half way is finished by the next one', async () => {
    const root = await halfDone(3);
    // The first rollback restored a.yaml, then was killed.
    renameSync(join(root, TRANSACTION_DIR, '0.old'), join(root, 'a.yaml'));
    expect(recoverInterruptedCommit(root)?.action).toBe('rolled-back');
    expect([read(root, 'a.yaml'), read(root, 'b.yaml'), read(root, 'c.yaml')]).toEqual(['old a', 'old b', undefined]);
  });

  it('a staging folder without a journal touched nothing and is removed', async () => {
    const root = folder({ 'a.yaml': 'old a' });
    mkdirSync(join(root, TRANSACTION_DIR));
    writeFileSync(join(root, TRANSACTION_DIR, '0.new'), 'new a');
    expect(recoverInterruptedCommit(root)?.action).toBe('cleaned');
    expect(readdirSync(root)).toEqual(['a.yaml']);
  });

  it('waits for a live process and then says it is busy', async () => {
    const root = folder({ 'a.yaml': 'old a' });
    const child = spawn('sleep', ['30']);
    try {
      mkdirSync(join(root, TRANSACTION_DIR));
      writeFileSync(join(root, TRANSACTION_DIR, 'owner.json'), JSON.stringify({ pid: child.pid }));
      expect(() => recoverInterruptedCommit(root, { waitMs: 200 })).toThrow(/another standpoint process \(pid \d+\) is writing this folder/);
      expect(existsSync(join(root, TRANSACTION_DIR))).toBe(true);
    } finally {
      child.kill();
    }
  });
});
