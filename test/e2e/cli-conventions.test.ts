/**
 * The command line as Node users expect it: one option name and short flag
 * per meaning in every command, help and usage errors on stderr with exit 2,
 * --version from package.json, results on stdout and messages on stderr,
 * -q, --json, colour only on a terminal (NO_COLOR, FORCE_COLOR), progress
 * lines on a terminal, diff --exit-code, render in the document's own
 * language, and completion scripts that bash (and zsh) parse and that
 * complete what the program has.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { cliPath, dataDoc, repoRoot, requireTool, runCli, tempDir } from '../helpers/tools.js';

const mini = join(repoRoot, 'test', 'fixtures', 'mini', 'input');
const ESC = '\u001b[';

function allCommands(c: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return [{ path, command: c }, ...c.commands.flatMap((s) => allCommands(s, [...path, s.name()]))];
}

/** A copy of the mini document with a warning in it: an invisible character (a zero-width space) in a text. */
function miniWithWarning(): string {
  const dir = join(tempDir('conv-'), 'mini');
  cpSync(mini, dir, { recursive: true });
  const text = readFileSync(join(dir, 'document.yaml'), 'utf8');
  const next = text.replace('Prepared with the help', 'Prepared\u200b with the help');
  if (next === text) throw new Error('the mini document changed: no closing paragraph to put a warning in');
  writeFileSync(join(dir, 'document.yaml'), next);
  return dir;
}

describe('options: one name and one short flag per meaning', () => {
  const commands = allCommands(buildProgram());

  it('every option of the same name has the same short flag, and no two names share one', () => {
    const shortOf = new Map<string, Set<string>>();
    const longOf = new Map<string, Set<string>>();
    for (const { command } of commands) {
      for (const o of command.options) {
        if (!o.long) continue;
        shortOf.set(o.long, (shortOf.get(o.long) ?? new Set()).add(o.short ?? ''));
        if (o.short) longOf.set(o.short, (longOf.get(o.short) ?? new Set()).add(o.long));
      }
    }
    for (const [long, shorts] of shortOf) expect([...shorts], long).toHaveLength(1);
    for (const [short, longs] of longOf) expect([...longs], short).toHaveLength(1);
    expect(longOf.get('-o')).toEqual(new Set(['--out']));
    expect(longOf.get('-q')).toEqual(new Set(['--quiet']));
    expect(shortOf.has('--output')).toBe(false);
  });

  it('every command that writes files names them with -o, --out', () => {
    const writers = ['render', 'render-all', 'watch', 'import', 'diff', 'i18n export', 'i18n terms'];
    for (const w of writers) {
      const c = commands.find((x) => x.path.join(' ') === w);
      expect(c, w).toBeDefined();
      expect(c!.command.options.some((o) => o.long === '--out' && o.short === '-o'), w).toBe(true);
    }
  });

  it('--json where a command reports, --lang and --format spelled alike', () => {
    for (const w of ['render', 'render-all', 'validate', 'stats', 'diff', 'import', 'i18n import', 'i18n status', 'i18n check']) {
      const c = commands.find((x) => x.path.join(' ') === w)!;
      expect(c.command.options.some((o) => o.long === '--json'), w).toBe(true);
    }
    for (const { path, command } of commands) {
      for (const o of command.options) expect(['--language', '--languages', '--formats', '--output', '--outdir'], path.join(' ')).not.toContain(o.long);
    }
  });
});

describe('help, version, usage errors, exit codes', () => {
  it('without a command: help on stderr, exit 2; also i18n alone', () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: standpoint /);
    const i = runCli(['i18n']);
    expect(i.status).toBe(2);
    expect(i.stdout).toBe('');
    expect(i.stderr).toMatch(/^Usage: standpoint i18n /);
  });

  it('--help on stdout with exit 0, and the exit codes documented, 3 included', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Exit codes:/);
    for (const code of ['0  success', '1  problems in the input', '2  usage or environment', '3  a bug in standpoint']) expect(r.stdout).toContain(code);
    expect(runCli(['help', 'render']).stdout).toMatch(/-o, --out <dir>/);
  });

  it('--version is the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = runCli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('usage errors read as usage errors: no file position, exit 2, nothing on stdout', () => {
    const out = tempDir('conv-out-');
    const r = runCli(['render', mini, '-o', out, '--lang', 'english']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: unknown language ‘english’ (known: en, kk, ru; pairs like kk+ru)\n  hint: languages are given by their codes: en\n');
    const odt = runCli(['render', mini, '-o', out, '--format', 'odt']);
    expect(odt.status).toBe(2);
    expect(odt.stderr).toMatch(/^error: unknown format ‘odt’ \(known: docx, pdf, html\)\n/);
    expect(odt.stderr).not.toContain('pdf’?');
    expect(runCli(['render', mini, '-o', out, '--format', 'pfd']).stderr).toContain('hint: did you mean ‘pdf’?');
    const unknown = runCli(['render', mini, '--langs', 'en']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("error: unknown option '--langs'\n  hint: did you mean --lang?\n");
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('streams, --quiet, --json', () => {
  it('render: "wrote" lines on stdout, nothing on stderr when all is well; -q prints nothing', () => {
    const out = tempDir('conv-out-');
    const r = runCli(['render', mini, '-o', out, '--format', 'docx']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`wrote ${join(out, 'mini.en.docx')} (${readFileSync(join(out, 'mini.en.docx')).length} bytes)\n`);
    const q = runCli(['render', mini, '-o', out, '--format', 'docx', '-q']);
    expect(q.status).toBe(0);
    expect(q.stdout + q.stderr).toBe('');
    // A program option works before the command too.
    expect(runCli(['--quiet', 'render', mini, '-o', out, '--format', 'docx']).stdout).toBe('');
  });

  it('warnings on stderr, left out by -q; errors never', () => {
    const doc = miniWithWarning();
    const v = runCli(['validate', doc]);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe('');
    expect(v.stderr).toMatch(/document\.yaml:\d+:\d+ warning .*invisible character.*\(invisible-character\)\n/);
    expect(v.stderr).toMatch(/0 error\(s\), 1 warning\(s\)\n$/);
    expect(runCli(['validate', doc, '-q']).stderr).toBe('');
    const broken = join(tempDir('conv-'), 'mini');
    cpSync(mini, broken, { recursive: true });
    writeFileSync(join(broken, 'document.yaml'), readFileSync(join(broken, 'document.yaml'), 'utf8').replace('verdict: accepted-in-part', 'verdict: acepted-in-part'));
    const e = runCli(['validate', broken, '-q']);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/document\.yaml:\d+:\d+ error unknown verdict code ‘acepted-in-part’ \(unknown-verdict\)/);
  });

  it('render --json: one JSON object on stdout, also when it fails', () => {
    const out = tempDir('conv-out-');
    const r = runCli(['render', mini, '-o', out, '--format', 'docx,html', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { ok: boolean; files: { path: string; lang: string; format: string; bytes: number }[]; diagnostics: unknown[] };
    expect(j.ok).toBe(true);
    expect(j.files.map((f) => [f.lang, f.format])).toEqual([['en', 'docx'], ['en', 'html']]);
    for (const f of j.files) expect(readFileSync(f.path).length).toBe(f.bytes);

    const broken = join(tempDir('conv-'), 'mini');
    cpSync(mini, broken, { recursive: true });
    writeFileSync(join(broken, 'document.yaml'), readFileSync(join(broken, 'document.yaml'), 'utf8').replace('verdict: accepted-in-part', 'verdict: acepted-in-part'));
    const bad = runCli(['render', broken, '-o', tempDir('conv-out-'), '--json']);
    expect(bad.status).toBe(1);
    const jb = JSON.parse(bad.stdout) as { ok: boolean; files: unknown[]; diagnostics: { file: string; line: number; rule: string; hint?: string }[] };
    expect(jb.ok).toBe(false);
    expect(jb.files).toEqual([]);
    expect(jb.diagnostics[0]).toMatchObject({ rule: 'unknown-verdict', hint: 'did you mean ‘accepted-in-part’?' });
    expect(jb.diagnostics[0]!.file).toMatch(/document\.yaml$/);
    expect(bad.stderr).toContain('(unknown-verdict)');
    const usage = runCli(['render', mini, '--lang', 'xx', '--json']);
    expect(usage.status).toBe(2);
    const ju = JSON.parse(usage.stdout) as { ok: boolean; diagnostics: Record<string, unknown>[] };
    expect(ju.diagnostics[0]).toEqual({ severity: 'error', message: 'unknown language ‘xx’ (known: en, kk, ru; pairs like kk+ru)', rule: 'unknown-language', hint: expect.stringMatching(/locale/) as unknown });
  });

  it('import --json and i18n import --json', () => {
    const dir = tempDir('conv-import-');
    const txt = join(dir, 'response.txt');
    writeFileSync(txt, 'The Commission thanks the Mission.\n1. The law has gaps (section 1, page 1).\nThe CEC standpoint: The law has no gaps.\nThe critical observation is not accepted.\n');
    const r = runCli(['import', txt, '-o', join(dir, 'doc'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { ok: boolean; files: string[]; counts: { items: number; verdicts: number } };
    expect(j.ok).toBe(true);
    expect(j.files).toContain(join(dir, 'doc', 'document.yaml'));
    expect(j.counts).toMatchObject({ items: 1, verdicts: 1 });

    const doc = join(tempDir('conv-'), 'mini');
    cpSync(mini, doc, { recursive: true });
    const po = join(dir, 'ru.po');
    expect(runCli(['i18n', 'export', doc, '--lang', 'ru', '--format', 'po', '-o', po]).status).toBe(0);
    const filled = readFileSync(po, 'utf8').replace(/msgctxt "meta\.title"\nmsgid ("[^\n]*")\nmsgstr ""/, 'msgctxt "meta.title"\nmsgid $1\nmsgstr "Комментарии"');
    writeFileSync(po, filled);
    const i = runCli(['i18n', 'import', doc, po, '--json']);
    expect(i.status, i.stderr).toBe(0);
    const ji = JSON.parse(i.stdout) as { ok: boolean; lang: string; written: string; added: string[] };
    expect(ji).toMatchObject({ ok: true, lang: 'ru', added: ['meta.title'] });
    expect(ji.written).toBe(join(doc, 'translations', 'ru.yaml'));
    expect(existsSync(ji.written)).toBe(true);
  });

  it('i18n export -o and diff -o say what they wrote on stdout', () => {
    const dir = tempDir('conv-');
    const x = runCli(['i18n', 'export', dataDoc, '--lang', 'kk', '-o', join(dir, 'kk.xlf')]);
    expect(x.stdout).toMatch(/^wrote .*kk\.xlf \(\d+ unit\(s\)\)\n$/);
    expect(x.stderr).toBe('');
    const d = runCli(['diff', mini, mini, '-o', join(dir, 'changes.txt')]);
    expect(d.stdout).toBe(`wrote ${join(dir, 'changes.txt')}\n`);
  });
});

describe('diff --exit-code', () => {
  it('exits 1 when the versions differ, 0 when they do not', () => {
    const changed = join(tempDir('conv-'), 'mini');
    cpSync(mini, changed, { recursive: true });
    writeFileSync(join(changed, 'document.yaml'), readFileSync(join(changed, 'document.yaml'), 'utf8').replace('verdict: accepted-in-part', 'verdict: accepted'));
    expect(runCli(['diff', mini, mini, '--exit-code']).status).toBe(0);
    const d = runCli(['diff', mini, changed, '--exit-code']);
    expect(d.status).toBe(1);
    expect(d.stdout).toMatch(/accepted-in-part → accepted/);
    expect(runCli(['diff', mini, changed]).status).toBe(0);
  });
});

describe('languages of a render', () => {
  it('without --lang, the document’s own language; --lang all, every one it has', () => {
    const root = tempDir('conv-');
    expect(runCli(['init', join(root, 'ru-doc'), '--lang', 'ru']).status).toBe(0);
    const out = join(root, 'out');
    const r = runCli(['render', join(root, 'ru-doc'), '-o', out, '--format', 'docx']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['ru-doc.ru.docx']);
    const all = runCli(['render', dataDoc, '-o', out, '--format', 'docx', '--lang', 'all', '--json']);
    expect(all.status, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { files: { lang: string }[] }).files.map((f) => f.lang)).toEqual(['en', 'kk', 'ru', 'kk+ru']);
    expect(runCli(['render', dataDoc, '--lang', 'all,en']).stderr).toMatch(/^error: --lang all stands alone/);
  });

  it('--emit-markup prints the markup the templates make and writes nothing', () => {
    const out = tempDir('conv-out-');
    const r = runCli(['render', mini, '-o', out, '--emit-markup']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<!-- standpoint markup: mini, en -->\n<title id="meta\.title">/);
    expect(r.stdout).toContain('<p style="verdict" id="co-1.verdict">');
    expect(readdirSync(out)).toEqual([]);
  });
});

/** Runs a command under a pseudo-terminal (util-linux script): stdout and stderr are a terminal. */
function onTerminal(args: string[], env: Record<string, string> = {}): { status: number; output: string } {
  requireTool('script');
  const command = [process.execPath, cliPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm', ...env }, timeout: 170_000 });
  if (r.status === null) throw new Error(`script: ${r.error?.message ?? r.signal}`);
  return { status: r.status, output: r.stdout };
}

describe('colour and progress', () => {
  it('no colour when stderr is not a terminal; FORCE_COLOR forces it, NO_COLOR alone keeps it off', () => {
    const doc = miniWithWarning();
    const plain = runCli(['validate', doc]);
    expect(plain.stderr).toMatch(/warning/);
    expect(plain.stderr).not.toContain(ESC);
    const forced = runCli(['validate', doc], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain(`${ESC}1m${ESC}33mwarning`);
    const forcedOverNo = runCli(['validate', doc], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(forcedOverNo.stderr).toContain(ESC);
    const off = runCli(['validate', doc], { env: { NO_COLOR: '1', FORCE_COLOR: '0' } });
    expect(off.stderr).not.toContain(ESC);
    // Colour is for messages only: the results on stdout stay plain.
    expect(runCli(['render', mini, '-o', tempDir('conv-out-'), '--format', 'docx'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain(ESC);
  });

  it('on a terminal: coloured severities and a progress line per output with its time; NO_COLOR turns colour off', () => {
    const doc = miniWithWarning();
    const out = tempDir('conv-out-');
    const r = onTerminal(['render', doc, '-o', out, '--format', 'docx,pdf']);
    expect(r.status).toBe(0);
    expect(r.output).toContain(`${ESC}1m${ESC}33mwarning`);
    expect(r.output).toMatch(new RegExp(`  ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/mini\\.en\\.docx  \\d+\\.\\d\\d s`));
    expect(r.output).toMatch(/mini\.en\.pdf {2}\d+\.\d\d s/);
    expect(r.output).toMatch(/rendered 2 file\(s\) in \d+\.\d\d s/);
    const plain = onTerminal(['render', doc, '-o', out, '--format', 'docx'], { NO_COLOR: '1' });
    expect(plain.output).toMatch(/warning/);
    expect(plain.output).not.toContain(ESC);
    const quiet = onTerminal(['render', doc, '-o', out, '--format', 'docx', '-q']);
    expect(quiet.output.trim()).toBe('');
  });
});

describe('shell completion', () => {
  /** What bash completes for the words typed so far (the last one is being typed). */
  function complete(script: string, words: string[]): string[] {
    const file = join(tempDir('conv-compl-'), 'standpoint.bash');
    writeFileSync(file, script);
    const arr = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync('bash', ['--norc', '-c', `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _standpoint; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', cwd: repoRoot });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  }

  it('bash: parses, and completes commands, subcommands, options and their values', () => {
    requireTool('bash');
    const r = runCli(['completion', 'bash']);
    expect(r.status).toBe(0);
    const file = join(tempDir('conv-compl-'), 'standpoint.bash');
    writeFileSync(file, r.stdout);
    execFileSync('bash', ['-n', file]);
    expect(complete(r.stdout, ['standpoint', 're'])).toEqual(['render', 'render-all']);
    expect(complete(r.stdout, ['standpoint', 'i18n', 'ex'])).toEqual(['export']);
    expect(complete(r.stdout, ['standpoint', 'render', '--lang', ''])).toEqual(['en', 'kk', 'ru', 'kk+ru', 'all']);
    expect(complete(r.stdout, ['standpoint', 'i18n', 'export', 'doc', '--format', ''])).toEqual(['xliff', 'po']);
    expect(complete(r.stdout, ['standpoint', 'diff', '--ex'])).toEqual(['--exit-code']);
    expect(complete(r.stdout, ['standpoint', '-q', 'render', 'data/kz-2011-presidential', '--em'])).toEqual(['--emit-markup']);
    expect(complete(r.stdout, ['standpoint', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(complete(r.stdout, ['standpoint', 'render', 'data/kz'])).toEqual(['data/kz-2011-presidential', 'data/kz-2019-presidential']);
  });

  it('zsh: parses', () => {
    requireTool('zsh');
    const r = runCli(['completion', 'zsh']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#compdef standpoint\n/);
    const file = join(tempDir('conv-compl-'), '_standpoint');
    writeFileSync(file, r.stdout);
    execFileSync('zsh', ['-n', file]);
    // Loaded the way a user loads it: compinit, then the script; no error.
    const load = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D && source '${file}' && print -r -- "\${_comps[standpoint]}"`], { encoding: 'utf8' });
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe('_standpoint');
  });

  it('an unknown shell is a usage error', () => {
    const r = runCli(['completion', 'fish']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unknown shell ‘fish’ (known: bash, zsh)\n');
  });
});
