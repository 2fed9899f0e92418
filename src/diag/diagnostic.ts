/**
 * Diagnostics: problems a user can cause, with file:line:col, severity, rule id
 * and an optional hint. Finding problems and printing them never mix: this
 * module only collects and formats; the CLI decides where they go.
 */
import type { Position } from '../model/types.js';

export type Severity = 'error' | 'warning';

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
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'UserError';
  }

  static single(pos: Position | undefined, rule: string, message: string, hint?: string, exitCode: 1 | 2 = 1): UserError {
    const d = new Diagnostics();
    d.error(pos, rule, message, hint);
    return new UserError(d.items, exitCode);
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.pos.file}:${d.pos.line}:${d.pos.column} ${d.severity} ${d.message} (${d.rule})`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

export function diagnosticsToJson(ds: Diagnostic[]): string {
  return JSON.stringify(
    ds.map((d) => ({ file: d.pos.file, line: d.pos.line, column: d.pos.column, severity: d.severity, message: d.message, rule: d.rule, hint: d.hint })),
    null,
    2,
  );
}
