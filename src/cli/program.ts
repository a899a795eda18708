import { Command } from 'commander';
import type { CliIo } from './io.ts';
import { registerTheorem } from './commands/theorem.ts';
import { registerData } from './commands/data.ts';
import { registerDemo } from './commands/demo.ts';
import { registerReport } from './commands/report.ts';
import { registerReproduce } from './commands/reproduce.ts';
import { registerKernel } from './commands/kernel.ts';
import { registerWorker } from './commands/worker.ts';

/**
 * Builds the `rethink` command tree on commander. Commands are pure: they write through `io` and throw
 * on failure (commander's own usage errors too, via `exitOverride`); {@link main} turns errors into exit codes.
 *
 * @example
 * ```ts
 * import { buildProgram } from './program.ts';
 * import { memoryIo } from './io.ts';
 * const io = memoryIo();
 * await buildProgram(io).parseAsync(['theorem', '--samples', '10', '--dims', '3', '--json'], { from: 'user' });
 * console.log(JSON.parse(io.stdout.join('')).parameters); // 23
 * ```
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('rethink')
    .description(
      'Reproduce and verify "Understanding deep learning requires rethinking generalization" (Zhang et al., ICLR 2017).',
    )
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  registerTheorem(program, io);
  registerData(program, io);
  registerDemo(program, io);
  registerReport(program, io);
  registerReproduce(program, io);
  registerKernel(program, io);
  registerWorker(program, io);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}
