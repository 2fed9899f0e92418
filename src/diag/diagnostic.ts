/**
 * Diagnostics: problems a user can cause, with file:line:col, severity, rule id
 * and an optional hint. Finding problems and printing them never mix: this
 * module only collects and formats; the CLI decides where they go.
 */
import type { Position } from '../model/types.js';

export type Severity = 'error' | 'warning';

/**
 * The place of a problem with the command line or the environment itself (an
 * unknown option or language, an empty --out): it has no file position, and
 * prints as `error: …` the way command-line tools word usage errors.
 */
export const COMMAND_LINE: Position = Object.freeze({ file: '<command line>', line: 0, column: 0 });

export function isCommandLine(pos: Position): boolean {
  return pos.file === COMMAND_LINE.file && pos.line === 0;
}

export interface Diagnostic {
  pos: Position;
  severity: Severity;
  message: string;
  rule: string;
  hint?: string;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(pos: Position | undefined, rule: string, message: string, hint?: string): void {
    this.push('error', pos, rule, message, hint);
  }

  warning(pos: Position | undefined, rule: string, message: string, hint?: string): void {
    this.push('warning', pos, rule, message, hint);
  }

  private push(severity: Severity, pos: Position | undefined, rule: string, message: string, hint?: string): void {
    this.items.push({ pos: pos ?? { file: '<unknown>', line: 1, column: 1 }, severity, message, rule, hint });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  merge(other: Diagnostics): void {
    this.items.push(...other.items);
  }

  /** Stable order: by file, line, column, so output does not depend on rule order. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(
      (a, b) =>
        a.pos.file.localeCompare(b.pos.file) || a.pos.line - b.pos.line || a.pos.column - b.pos.column,
    );
  }
}

/**
 * Thrown for problems in the user's input or environment: the CLI prints the
 * diagnostics without a stack trace and exits with `exitCode`
 * (1 for problems in the input, 2 for usage or environment).
 */
export class UserError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'UserError';
  }

  static single(pos: Position | undefined, rule: string, message: string, hint?: string, exitCode: 1 | 2 = 1): UserError {
    const d = new Diagnostics();
    d.error(pos, rule, message, hint);
    return new UserError(d.items, exitCode);
  }

  /** A usage or environment error (exit 2), printed as `error: message`. */
  static usage(message: string, hint?: string, rule = 'usage'): UserError {
    return UserError.single(COMMAND_LINE, rule, message, hint, 2);
  }
}

/** Colours for a terminal; plain text when absent. */
export interface DiagnosticStyle {
  severity(severity: Severity, text: string): string;
  dim(text: string): string;
}

const PLAIN: DiagnosticStyle = { severity: (_s, t) => t, dim: (t) => t };

/**
 * `file:line:col severity message (rule)` and an indented hint; a problem of
 * the command line itself as `error: message` (usage errors name no file).
 */
export function formatDiagnostic(d: Diagnostic, style: DiagnosticStyle = PLAIN): string {
  const head = isCommandLine(d.pos)
    ? `${style.severity(d.severity, `${d.severity}:`)} ${d.message}`
    : `${d.pos.file}:${d.pos.line}:${d.pos.column} ${style.severity(d.severity, d.severity)} ${d.message} ${style.dim(`(${d.rule})`)}`;
  return d.hint ? `${head}\n  ${style.dim('hint:')} ${d.hint}` : head;
}

/** A diagnostic as plain data (--json, the library): a command-line problem has no file, line or column. */
export interface DiagnosticJson {
  file?: string;
  line?: number;
  column?: number;
  severity: Severity;
  message: string;
  rule: string;
  hint?: string;
}

export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  const where = isCommandLine(d.pos) ? {} : { file: d.pos.file, line: d.pos.line, column: d.pos.column };
  return { ...where, severity: d.severity, message: d.message, rule: d.rule, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
}

export function diagnosticsToJson(ds: Diagnostic[]): string {
  return JSON.stringify(ds.map(diagnosticToJson), null, 2);
}
