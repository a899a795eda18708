// Fixture of persistent-pool.spec.ts: records each evaluation of this module (one line per load).
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.PERSISTENT_POOL_LOG as string, 'load\n');
export const loaded = true;
