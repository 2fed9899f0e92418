/**
 * Where the command line's words go, for every command alike: results
 * (stats, reports, JSON, "wrote …" lines) on standard output; diagnostics,
 * summaries and progress on standard error. Owns -q/--quiet (only errors and
 * the output asked for), colour (severities, when standard error is a
 * terminal; NO_COLOR turns it off, FORCE_COLOR on) and progress lines (only
 * on a terminal). Knows nothing of what the commands do.
 */
import { styleText } from 'node:util';
import { diagnosticToJson, formatDiagnostic, type Diagnostic, type DiagnosticStyle } from '../diag/diagnostic.js';

interface Stream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Colour for a stream: FORCE_COLOR (other than 0 or false) turns it on, as in
 * Node and most tools, and wins over NO_COLOR; NO_COLOR (any value but empty)
 * turns it off; otherwise only a terminal that is not TERM=dumb gets colour.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

// Whether to colour is decided above, for standard error; styleText would otherwise look at standard output (Node ≥ 20.18).
const NO_CHECK = { validateStream: false } as Parameters<typeof styleText>[2];
const COLOURED: DiagnosticStyle = {
  severity: (severity, text) => styleText(severity === 'error' ? ['bold', 'red'] : ['bold', 'yellow'], text, NO_CHECK),
  dim: (text) => styleText('dim', text, NO_CHECK),
};

export interface OutputSettings {
  quiet: boolean;
  colour: boolean;
  /** Progress lines with times (only when standard error is a terminal). */
  progress: boolean;
}

export class CliOutput {
  settings: OutputSettings;
  /** Set by a command run with --json whose result is an object: its failure is one too. */
  private jsonFailure: ((diagnostics: readonly Diagnostic[]) => void) | undefined;

  constructor(
    private readonly stdout: Stream = process.stdout,
    private readonly stderr: Stream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.settings = { quiet: false, colour: colourWanted(stderr, env), progress: stderr.isTTY === true };
  }

  /** What the command was asked for (a report, JSON, an exported file on stdout): printed even with --quiet. */
  data(text: string): void {
    this.stdout.write(text);
  }

  /** "wrote …" lines and change reports: results, left out with --quiet. */
  info(line: string): void {
    if (!this.settings.quiet) this.stdout.write(`${line}\n`);
  }

  wrote(path: string, detail?: string): void {
    this.info(`wrote ${path}${detail ? ` ${detail}` : ''}`);
  }

  /** Diagnostics on stderr; with --quiet only the errors. */
  diagnostics(ds: readonly Diagnostic[]): void {
    const style = this.settings.colour ? COLOURED : undefined;
    for (const d of ds) {
      if (this.settings.quiet && d.severity !== 'error') continue;
      this.stderr.write(`${formatDiagnostic(d, style)}\n`);
    }
  }

  /** A summary or notice for the person at the terminal ("2 error(s), 1 warning(s)"): stderr, left out with --quiet. */
  note(line: string): void {
    if (!this.settings.quiet) this.stderr.write(`${line}\n`);
  }

  /** A line of progress with its time, only when stderr is a terminal (a log file gets the results only). */
  progress(line: string): void {
    if (this.settings.progress && !this.settings.quiet) this.stderr.write(`${line}\n`);
  }

  /**
   * With --json, a command that ends in an error still prints one JSON object
   * on stdout (`ok: false`, `extra` and the diagnostics); the same messages go
   * to stderr as text. Commands call this with their --json flag first.
   */
  reportFailuresAsJson(json: boolean | undefined, extra: Record<string, unknown> = {}): void {
    this.jsonFailure = json ? (ds) => this.data(`${JSON.stringify({ ok: false, ...extra, diagnostics: ds.map(diagnosticToJson) }, null, 2)}\n`) : undefined;
  }

  /** The command failed with these diagnostics: JSON first when asked for, then the text on stderr. */
  failed(diagnostics: readonly Diagnostic[]): void {
    this.jsonFailure?.(diagnostics);
    this.jsonFailure = undefined;
    this.diagnostics(diagnostics);
  }

  /** An internal error: always printed. */
  fatal(text: string): void {
    this.stderr.write(text);
  }
}

/** The one output of this process's command line. */
export const cli = new CliOutput();
