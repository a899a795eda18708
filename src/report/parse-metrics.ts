import { Buffer } from 'node:buffer';
import { RunFileError } from './errors.ts';
import { metricRecordSchema, RUN_FILES, type MetricRecord, type SchemaWhere } from 'rethink/core';
import { type MetricsFile, type TruncatedLine } from './run-files.ts';
import { checkRunFile, located } from './_check.ts';

/** Options of {@link parseMetrics}. */
export interface ParseMetricsOptions {
  /** The file name used in errors. Default `metrics.jsonl`. */
  readonly file?: string;
  /** The function name used in errors. Default `parseMetrics`. */
  readonly caller?: string;
}

/**
 * Parses the text of a `metrics.jsonl` file into {@link MetricRecord}s.
 *
 * Every line must be a valid record, and within one condition the epochs must strictly increase, steps and
 * seconds must not decrease, and kind and p must not change. Blank lines are skipped. The one exception is
 * a last line without its newline that is not valid JSON: the run was killed while writing it, so it is
 * skipped and returned as `truncated`. Any other bad line throws a {@link RunFileError} naming the file and
 * the line.
 *
 * @example
 * ```ts
 * import { parseMetrics } from 'rethink/report';
 * const line = JSON.stringify({ condition: 'true-labels', kind: 'true-labels', p: null, epoch: 1, step: 16,
 *   trainLoss: 2.1, trainAccuracy: 0.3, testLoss: 2.2, testAccuracy: 0.28, lr: 0.01, seconds: 0.5 });
 * const parsed = parseMetrics(`${line}\n{"condition":"true-la`);
 * console.log(parsed.records.length, parsed.truncated?.line); // 1 2
 * ```
 */
export function parseMetrics(text: string, options: ParseMetricsOptions = {}): MetricsFile {
  const { file = RUN_FILES.metrics, caller = 'parseMetrics' } = options;
  const terminated = text.endsWith('\n');
  const lines = text.split('\n');
  if (terminated) lines.pop(); // the empty piece after the final newline is not a line
  const records: MetricRecord[] = [];
  const last = new Map<string, MetricRecord>();
  let truncated: TruncatedLine | null = null;
  let validBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const unterminated = !terminated && i === lines.length - 1;
    const lineBytes = Buffer.byteLength(raw, 'utf8') + (unterminated ? 0 : 1);
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body.trim() === '') {
      if (!unterminated) validBytes += lineBytes;
      continue;
    }
    const where: SchemaWhere = { caller, file, line: i + 1 };
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      if (unterminated) {
        truncated = { line: i + 1, text: body.slice(0, 200) };
        break;
      }
      throw new RunFileError(
        located(where, `not valid JSON: ${(error as Error).message}`),
        { file, line: i + 1 },
        { cause: error },
      );
    }
    const record = checkRunFile(metricRecordSchema, value, where);
    checkOrder(record, last.get(record.condition), where);
    last.set(record.condition, record);
    records.push(record);
    validBytes += lineBytes;
  }
  return { records, truncated, validBytes };
}

function checkOrder(record: MetricRecord, previous: MetricRecord | undefined, where: SchemaWhere): void {
  if (previous === undefined) return;
  const bad = (field: string, message: string): never => {
    throw new RunFileError(located(where, `condition ${JSON.stringify(record.condition)}: ${message}`), {
      file: where.file,
      line: where.line,
      field,
      condition: record.condition,
    });
  };
  if (record.kind !== previous.kind || record.p !== previous.p) {
    bad(
      'kind',
      `kind/p ${record.kind}/${String(record.p)} differ from the earlier ${previous.kind}/${String(previous.p)}`,
    );
  }
  if (record.epoch <= previous.epoch)
    bad('epoch', `epoch ${record.epoch} does not follow epoch ${previous.epoch} (duplicate or out of order)`);
  if (record.step < previous.step) bad('step', `step ${record.step} is below the earlier ${previous.step}`);
  if (record.seconds < previous.seconds)
    bad('seconds', `seconds ${record.seconds} is below the earlier ${previous.seconds} (seconds are cumulative)`);
}
