/**
 * Spec helper run as its own process (`node --import tsx spec/experiment/_coordinate.ts RUN_DIR [QUEUE_URL]`):
 * follows the cells of RUN_DIR (their cell.json files) with executeCellsDistributed — through the queue when a
 * URL is given, else on two local cpu workers — printing one JSON line per cell event, so that a spec can kill
 * it mid-run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { executeCellsDistributed, readCell } from 'rethink/experiment';

const [runDir, queue] = process.argv.slice(2) as [string, string | undefined];
const ids = readdirSync(join(runDir, 'cells')).sort();
const cells = await Promise.all(ids.map((id) => readCell(runDir, id)));
const controller = new AbortController();
process.on('SIGTERM', () => controller.abort());
const result = await executeCellsDistributed(runDir, cells, {
  ...(queue ? { queue } : { workers: 2, backend: 'cpu' }),
  signal: controller.signal,
  onEvent: (event) => {
    if (event.type === 'batch' || event.type === 'worker-ready') return;
    process.stdout.write(
      `${JSON.stringify({ type: event.type, cellId: event.cell.id, worker: event.worker ?? null })}\n`,
    );
  },
});
process.stdout.write(
  `${JSON.stringify({ type: 'result', aborted: result.aborted, finished: result.results.size, failed: [...result.failed.keys()] })}\n`,
);
process.exit(0);
