import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** Registers `rethink theorem` (placeholder until src/theorem lands). */
export function registerTheorem(program: Command, _io: CliIo): void {
  program.command('theorem').description('Theorem 1: build a 2n+d-parameter ReLU network that memorizes a sample.');
}
