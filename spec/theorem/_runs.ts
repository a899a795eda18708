import fc from 'fast-check';

/** A share of the configured runs per property (FC_RUNS, default 100), for the more expensive properties. */
export function runs(share: number): number {
  return Math.max(1, Math.round((fc.readConfigureGlobal().numRuns ?? 100) * share));
}
