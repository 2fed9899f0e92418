/**
 * `standpoint completion bash|zsh`: shell completion scripts made from the
 * program's own commands and options, so they never drift from the command
 * line. Knows which values an option takes (languages from the locales,
 * formats per command, folders, files); owns no command behaviour.
 */
import type { Command, Option } from 'commander';
import { UserError } from '../diag/diagnostic.js';
import { didYouMeanChoice } from '../diag/suggest.js';
import { loadLocales } from '../compose/i18n.js';
import { defaultLocalesDir } from '../paths.js';
import { cli } from './output.js';

export const SHELLS = ['bash', 'zsh'] as const;

/** What an option's value or a positional argument completes to. */
type ValueKind = { words: string[] } | 'dir' | 'file' | 'none';

interface OptionSpec {
  flags: string[];
  description: string;
  /** Undefined for a flag without a value. */
  value?: ValueKind;
}

interface CommandSpec {
  /** Path from the program: [] for the program, ['i18n', 'export']. */
  path: string[];
  description: string;
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** What positional arguments complete to. */
  argument: ValueKind;
}

function languages(): string[] {
  try {
    return loadLocales(defaultLocalesDir).langs;
  } catch {
    return ['en', 'ru', 'kk'];
  }
}

/** The values of one option of one command. */
function valueOf(path: string[], option: Option): ValueKind {
  const name = option.long ?? '';
  const command = path.join(' ');
  const arg = option.flags.match(/<([^>]+)>/)?.[1] ?? '';
  const langs = languages();
  switch (name) {
    case '--lang':
      if (command === 'render' || command === 'watch') return { words: [...langs, 'kk+ru', 'all'] };
      if (command === 'preview') return { words: [...langs, 'kk+ru'] };
      return { words: langs };
    case '--format':
      if (command === 'i18n export') return { words: ['xliff', 'po'] };
      if (command === 'diff') return { words: ['text', 'json', 'docx'] };
      return { words: ['docx', 'pdf', 'html', 'docx,pdf', 'docx,pdf,html'] };
    case '--notes':
      return { words: ['page-foot', 'item-end'] };
    case '--annex':
      return { words: ['stats'] };
    case '--only':
      return { words: ['missing', 'stale', 'translated', 'missing,stale'] };
    case '--encoding':
      return { words: ['utf-8', 'windows-1251', 'koi8-r', 'utf-16le'] };
    case '--update':
    case '--memory':
      return 'dir';
  }
  if (arg === 'dir') return 'dir';
  if (arg === 'file') return 'file';
  return 'none';
}

function specOf(command: Command, path: string[]): CommandSpec {
  const options: OptionSpec[] = command.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      flags: [o.short, o.long].filter((f): f is string => !!f),
      description: o.description,
      ...(o.required || o.optional ? { value: valueOf(path, o) } : {}),
    }));
  // Commander keeps the help option apart from the others; every command has it.
  options.push({ flags: ['-h', '--help'], description: 'print help' });
  const subcommands = command.commands.filter((c) => c.name() !== 'help').map((c) => specOf(c, [...path, c.name()]));
  const name = path.join(' ');
  const argument: ValueKind =
    name === 'completion' ? { words: [...SHELLS] } : name === 'render-all' || name === 'init' ? 'dir' : command.registeredArguments.length ? 'file' : 'none';
  return { path, description: command.description(), options, subcommands, argument };
}

function allSpecs(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(allSpecs)];
}

/** A single-quoted shell word. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The description's first clause, for a completion menu. */
function short(s: string): string {
  return s.split(';')[0]!.replace(/\s*\([^)]*\)/g, '').trim().replace(/\s+/g, ' ');
}

export function bashCompletion(program: Command): string {
  const root = specOf(program, []);
  const cases = allSpecs(root).map((spec) => {
    const valueCases = spec.options
      .filter((o) => o.value !== undefined)
      .map((o) => {
        const v = o.value!;
        const action = v === 'dir' ? 'COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null' : v === 'file' ? 'COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null' : v === 'none' ? 'COMPREPLY=()' : `COMPREPLY=($(compgen -W ${sq(v.words.join(' '))} -- "$cur"))`;
        return `        ${o.flags.join('|')}) ${action}; return ;;`;
      });
    const words = [...spec.subcommands.map((s) => s.path[s.path.length - 1]!), ...(spec.path.length === 0 ? ['help'] : [])];
    const optionWords = spec.options.flatMap((o) => o.flags);
    const positional = spec.subcommands.length
      ? `COMPREPLY=($(compgen -W ${sq(words.join(' '))} -- "$cur"))`
      : spec.argument === 'dir'
        ? 'COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null'
        : spec.argument === 'file'
          ? 'COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null'
          : spec.argument === 'none'
            ? 'COMPREPLY=()'
            : `COMPREPLY=($(compgen -W ${sq(spec.argument.words.join(' '))} -- "$cur"))`;
    return [
      `    ${sq(spec.path.join(' '))})`,
      ...(valueCases.length ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${sq(optionWords.join(' '))} -- "$cur")); else ${positional}; fi`,
      '      ;;',
    ].join('\n');
  });
  const groups = allSpecs(root).filter((s) => s.subcommands.length && s.path.length);
  return `# bash completion for standpoint. Load it with
#   source <(standpoint completion bash)
# or save it as ~/.local/share/bash-completion/completions/standpoint
_standpoint() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="" w i
  # The command: the first word that is not an option; for a group (${groups.map((g) => g.path.join(' ')).join(', ')}), also its subcommand.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    if [[ -z "$cmd" ]]; then
      cmd="$w"
${groups.map((g) => `    elif [[ "$cmd" == ${sq(g.path.join(' '))} ]]; then\n      cmd="$cmd $w"`).join('\n')}
    else
      break
    fi
  done
  COMPREPLY=()
  case "$cmd" in
${cases.join('\n')}
  esac
}
complete -F _standpoint standpoint
`;
}

/** A description made safe for zsh's _arguments and _describe specs (brackets and colons have meanings there). */
function zd(s: string): string {
  return short(s).replace(/[[\]:\\]/g, ' ').replace(/'/g, '’');
}

function zshValue(v: ValueKind, name: string): string {
  if (v === 'dir') return `:${name}:_files -/`;
  if (v === 'file') return `:${name}:_files`;
  if (v === 'none') return `:${name}: `;
  return `:${name}:(${v.words.join(' ')})`;
}

function zshFunctionName(path: string[]): string {
  return ['_standpoint', ...path].join('_').replace(/-/g, '_');
}

function zshFunction(spec: CommandSpec): string {
  const optionSpecs = spec.options.map((o) => {
    const value = o.value === undefined ? '' : zshValue(o.value, (o.flags[o.flags.length - 1] ?? 'value').replace(/^-+/, ''));
    const desc = `[${zd(o.description)}]`;
    if (o.flags.length === 1) return sq(`${o.flags[0]}${o.value !== undefined && o.flags[0]!.startsWith('--') ? '=' : ''}${desc}${value}`);
    const exclusive = `(${o.flags.join(' ')})`;
    const forms = o.flags.map((f) => `${f}${o.value !== undefined && f.startsWith('--') ? '=' : ''}`);
    return `${sq(exclusive)}{${forms.join(',')}}${sq(`${desc}${value}`)}`;
  });
  const name = zshFunctionName(spec.path);
  if (spec.subcommands.length) {
    const entries = spec.subcommands.map((s) => sq(`${s.path[s.path.length - 1]}:${zd(s.description)}`));
    const dispatch = spec.subcommands.map((s) => `        ${s.path[s.path.length - 1]}) ${zshFunctionName(s.path)} ;;`);
    return `${name}() {
  local curcontext="$curcontext" state line
  typeset -A opt_args
  local -a commands
  commands=(
    ${entries.join('\n    ')}
  )
  _arguments -C \\
    ${[...optionSpecs, "'1: :->command'", "'*:: :->args'"].join(' \\\n    ')}
  case $state in
    command) _describe -t commands 'standpoint command' commands ;;
    args)
      case $words[1] in
${dispatch.join('\n')}
      esac
      ;;
  esac
}`;
  }
  const positional = spec.argument === 'none' ? [] : [sq(`*${zshValue(spec.argument, 'argument')}`)];
  return `${name}() {
  _arguments \\
    ${[...optionSpecs, ...positional].join(' \\\n    ') || "''"}
}`;
}

export function zshCompletion(program: Command): string {
  const root = specOf(program, []);
  return `#compdef standpoint
# zsh completion for standpoint. Save it as _standpoint in a folder of $fpath
# (for example: standpoint completion zsh > ~/.zfunc/_standpoint, with fpath+=(~/.zfunc)
# before compinit in ~/.zshrc), or load it now with: source <(standpoint completion zsh)
${allSpecs(root).map(zshFunction).join('\n\n')}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _standpoint "$@"
else
  compdef _standpoint standpoint
fi
`;
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: bash or zsh')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) throw UserError.usage(`unknown shell ‘${shell}’ (known: ${SHELLS.join(', ')})`, didYouMeanChoice(shell, SHELLS));
      cli.data(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
    });
}
