#!/usr/bin/env node
// The `rethink` command: loads the TypeScript sources through tsx (no build step) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: the multithreaded wasm backend's worker threads would otherwise keep the process alive.
// (stdout and stderr are synchronous for files and pipes on Linux, so nothing written is lost.)
process.exit(code);
