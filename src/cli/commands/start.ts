import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** Registers `rethink start`, what `npm start` runs (placeholder). */
export function registerStart(program: Command, _io: CliIo): void {
  program.command('start').description('The main job (what `npm start` runs).');
}
