export { main } from './main.ts';
export { buildProgram } from './program.ts';
export { CliError } from './errors.ts';
export { processIo, memoryIo } from './io.ts';
export type { CliIo, MemoryIo } from './io.ts';
