/**
 * Internal: the entry of a local worker process, forked by `executeCellsDistributed` with tsx as its loader
 * (lighter than the whole CLI, `rethink worker --ipc`, which does the same). Argument: the backend choice.
 */
import { serveLocalWorker } from './serve-local-worker.ts';

const backend = process.argv[2];
const code = await serveLocalWorker(backend ? { backend } : {});
// Exit explicitly: the multithreaded wasm backend's worker threads would otherwise keep the process alive.
process.exit(code);
