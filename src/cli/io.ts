/**
 * Where a command writes. Commands never touch `process.stdout` directly, so specs can run them in-process
 * and read what they printed.
 */
export interface CliIo {
  /** Writes to standard output (the caller adds newlines). */
  out(text: string): void;
  /** Writes to standard error: progress, warnings, diagnostics. */
  err(text: string): void;
  /** True when standard error is a terminal: commands then draw progress bars instead of plain lines. */
  readonly isTTY: boolean;
  /** The environment variables the command may read (`RETHINK_DATA`, `RETHINK_BACKEND`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The process's own streams and environment.
 *
 * @example
 * ```ts
 * import { processIo } from './io.ts';
 * processIo().out('hello\n');
 * ```
 */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}

/** A captured {@link CliIo}: what was written is kept in `stdout` and `stderr`. */
export interface MemoryIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
}

/**
 * An in-memory {@link CliIo} for specs.
 *
 * @example
 * ```ts
 * import { memoryIo } from './io.ts';
 * const io = memoryIo();
 * io.out('x');
 * console.log(io.stdout.join('')); // x
 * ```
 */
export function memoryIo(env: Record<string, string | undefined> = {}, isTTY = false): MemoryIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), isTTY, env };
}
