import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** Registers `rethink data …` (placeholder until src/data's readers land). */
export function registerData(program: Command, _io: CliIo): void {
  program.command('data').description('Download, inspect and verify data sets.');
}
