/**
 * Global fast-check configuration, read from the environment so any failure can be replayed:
 *
 * - `FC_SEED`: the seed every property starts from (fast-check prints the seed and path of a failure).
 * - `FC_PATH`: the shrink path printed with a failure; with `FC_SEED` it replays the counterexample at once.
 * - `FC_RUNS`: runs per property (default {@link DEFAULT_RUNS}).
 *
 * Replay: `FC_SEED=<seed> FC_PATH=<path> npx vitest run spec/theorem -t '<test name>'`.
 */
import fc from 'fast-check';

/** Runs per property when `FC_RUNS` is unset. */
export const DEFAULT_RUNS = 100;

function readInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const seed = readInt('FC_SEED');
const numRuns = readInt('FC_RUNS') ?? DEFAULT_RUNS;
const path = process.env.FC_PATH;

if (seed !== undefined) {
  console.log(`fast-check: FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ''} (numRuns ${numRuns})`);
}

fc.configureGlobal({
  numRuns,
  ...(seed !== undefined ? { seed } : {}),
  ...(seed !== undefined && path ? { path } : {}),
});
