import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** Registers `rethink report DIR` (placeholder until src/report lands). */
export function registerReport(program: Command, _io: CliIo): void {
  program.command('report').description('Rebuild a run\'s index.html from its files.');
}
