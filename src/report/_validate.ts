/**
 * Internal: checks parsed JSON against the run-file format, throwing a {@link RunFileError} that names the
 * function, the file, the line (JSONL) and the dotted field path.
 */
import { RunFileError } from './errors.ts';
import {
  CONDITION_KINDS,
  RUN_FORMAT_VERSION,
  type ConditionKind,
  type ConditionSummary,
  type JsonValue,
  type MetricRecord,
  type RunConfig,
  type RunSummary,
  type TheoremPanel,
} from './run-files.ts';

/** Where a value came from, for error messages. */
export interface Where {
  /** The public function doing the reading or writing. */
  readonly fn: string;
  readonly file: string;
  /** 1-based line in a JSONL file. */
  readonly line?: number;
}

type Obj = Readonly<Record<string, unknown>>;

/** A short printable form of a bad value. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Formats `fn: file[:line]: message`. */
export function located(where: Where, message: string): string {
  return `${where.fn}: ${where.file}${where.line === undefined ? '' : `:${where.line}`}: ${message}`;
}

function fail(where: Where, field: string, expected: string, actual: unknown): never {
  const missing = actual === undefined;
  throw new RunFileError(
    located(
      where,
      missing ? `missing field ${field} (${expected})` : `${field} must be ${expected}, got ${preview(actual)}`,
    ),
    { file: where.file, line: where.line, field, expected },
  );
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(where: Where, value: unknown, field: string): Obj {
  if (!isObject(value)) fail(where, field === '' ? '(top level)' : field, 'an object', value);
  return value;
}

function array(where: Where, value: unknown, field: string, expected: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(where, field, expected, value);
  return value as readonly unknown[];
}

function str(where: Where, o: Obj, key: string, path: string, nonEmpty = true): string {
  const v = o[key];
  if (typeof v !== 'string' || (nonEmpty && v.length === 0))
    fail(where, join(path, key), nonEmpty ? 'a non-empty string' : 'a string', v);
  return v;
}

function bool(where: Where, o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') fail(where, join(path, key), 'true or false', v);
  return v;
}

function num(where: Where, o: Obj, key: string, path: string, min = -Infinity, max = Infinity): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(where, join(path, key), `a finite number in [${min}, ${max}]`, v);
  }
  return v;
}

function int(where: Where, o: Obj, key: string, path: string, min = 0): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    fail(where, join(path, key), `an integer >= ${min}`, v);
  return v;
}

function nullableNum(where: Where, o: Obj, key: string, path: string, min = -Infinity): number | null {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    fail(where, join(path, key), `null or a finite number >= ${min}`, v);
  return v;
}

function nullableInt(where: Where, o: Obj, key: string, path: string, min = 0): number | null {
  return o[key] === null ? null : int(where, o, key, path, min);
}

/** Condition ids: 1–200 characters, no control characters. */
function conditionName(where: Where, o: Obj, key: string, path: string): string {
  const v = o[key];
  // eslint-disable-next-line no-control-regex
  if (typeof v !== 'string' || v.length === 0 || v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) {
    fail(where, join(path, key), 'a condition id (1 to 200 characters, no control characters)', v);
  }
  return v;
}

function kindAndP(where: Where, o: Obj, path: string): { kind: ConditionKind; p: number | null } {
  const kind = o.kind;
  if (typeof kind !== 'string' || !(CONDITION_KINDS as readonly string[]).includes(kind)) {
    fail(where, join(path, 'kind'), `one of ${CONDITION_KINDS.join(', ')}`, kind);
  }
  const k = kind as ConditionKind;
  const p = o.p;
  const ok =
    k === 'corrupt-labels'
      ? typeof p === 'number' && p >= 0 && p <= 1
      : k === 'true-labels'
        ? p === null || p === 0
        : k === 'random-labels'
          ? p === null || p === 1
          : p === null;
  if (!ok) {
    const expected =
      k === 'corrupt-labels'
        ? 'a number in [0, 1] for corrupt-labels'
        : k === 'true-labels'
          ? 'null or 0 for true-labels'
          : k === 'random-labels'
            ? 'null or 1 for random-labels'
            : `null for ${k}`;
    fail(where, join(path, 'p'), expected, p);
  }
  return { kind: k, p: p as number | null };
}

function jsonObject(where: Where, value: unknown, field: string): Readonly<Record<string, JsonValue>> {
  return object(where, value, field) as Readonly<Record<string, JsonValue>>;
}

/** Validates one `metrics.jsonl` record. */
export function validateMetric(value: unknown, where: Where): MetricRecord {
  const o = object(where, value, '');
  const condition = conditionName(where, o, 'condition', '');
  const { kind, p } = kindAndP(where, o, '');
  return {
    condition,
    kind,
    p,
    epoch: int(where, o, 'epoch', ''),
    step: int(where, o, 'step', ''),
    trainLoss: nullableNum(where, o, 'trainLoss', ''),
    trainAccuracy: num(where, o, 'trainAccuracy', '', 0, 1),
    testLoss: nullableNum(where, o, 'testLoss', ''),
    testAccuracy: num(where, o, 'testAccuracy', '', 0, 1),
    lr: num(where, o, 'lr', '', 0),
    seconds: num(where, o, 'seconds', '', 0),
  };
}

/** Validates `config.json`; unknown top-level keys are kept. */
export function validateConfig(value: unknown, where: Where): RunConfig {
  const o = object(where, value, '');
  if (o.formatVersion !== RUN_FORMAT_VERSION) fail(where, 'formatVersion', String(RUN_FORMAT_VERSION), o.formatVersion);
  str(where, o, 'runId', '');
  const dataset = object(where, o.dataset, 'dataset');
  str(where, dataset, 'name', 'dataset');
  str(where, dataset, 'checksum', 'dataset');
  int(where, dataset, 'classes', 'dataset', 2);
  int(where, o, 'samples', '', 1);
  int(where, o, 'testSamples', '');
  str(where, o, 'model', '');
  nullableInt(where, o, 'parameters', '');
  const conditions = array(where, o.conditions, 'conditions', 'an array of condition ids');
  conditions.forEach((_, i) => conditionName(where, { [`conditions[${i}]`]: conditions[i] }, `conditions[${i}]`, ''));
  const corruption = array(where, o.corruption, 'corruption', 'an array of numbers in [0, 1]');
  corruption.forEach((_, i) => num(where, { [`corruption[${i}]`]: corruption[i] }, `corruption[${i}]`, '', 0, 1));
  int(where, o, 'epochs', '', 1);
  int(where, o, 'batchSize', '', 1);
  num(where, o, 'lr', '', 0);
  str(where, object(where, o.lrSchedule, 'lrSchedule'), 'kind', 'lrSchedule');
  int(where, o, 'seed', '', Number.MIN_SAFE_INTEGER);
  str(where, object(where, o.backend, 'backend'), 'name', 'backend');
  const versions = object(where, o.versions, 'versions');
  for (const key of Object.keys(versions)) str(where, versions, key, 'versions', false);
  const startedAt = str(where, o, 'startedAt', '');
  if (Number.isNaN(Date.parse(startedAt))) fail(where, 'startedAt', 'an ISO 8601 time', startedAt);
  if (o.extra !== undefined) jsonObject(where, o.extra, 'extra');
  return o as unknown as RunConfig;
}

function validateConditionSummary(value: unknown, where: Where, path: string): ConditionSummary {
  const o = object(where, value, path);
  const condition = conditionName(where, o, 'condition', path);
  const { kind, p } = kindAndP(where, o, path);
  const fitted = bool(where, o, 'fitted', path);
  const epochs = int(where, o, 'epochs', path);
  const epochsToFit = nullableInt(where, o, 'epochsToFit', path);
  const stepsToFit = nullableInt(where, o, 'stepsToFit', path);
  const secondsToFit = nullableNum(where, o, 'secondsToFit', path, 0);
  for (const [key, v] of [
    ['epochsToFit', epochsToFit],
    ['stepsToFit', stepsToFit],
    ['secondsToFit', secondsToFit],
  ] as const) {
    if ((v === null) === fitted)
      fail(where, join(path, key), fitted ? 'a number when fitted is true' : 'null when fitted is false', v);
  }
  if (epochsToFit !== null && epochsToFit > epochs)
    fail(where, join(path, 'epochsToFit'), `at most epochs (${epochs})`, epochsToFit);
  return {
    condition,
    kind,
    p,
    fitted,
    epochs,
    epochsToFit,
    stepsToFit,
    secondsToFit,
    finalTrainAccuracy: num(where, o, 'finalTrainAccuracy', path, 0, 1),
    finalTestAccuracy: num(where, o, 'finalTestAccuracy', path, 0, 1),
    finalTrainLoss: nullableNum(where, o, 'finalTrainLoss', path),
  };
}

function validateTheorem(value: unknown, where: Where): TheoremPanel {
  const o = object(where, value, 'theorem');
  if (o.labels !== 'random') fail(where, 'theorem.labels', '"random"', o.labels);
  const panel: TheoremPanel = {
    n: int(where, o, 'n', 'theorem', 1),
    d: int(where, o, 'd', 'theorem', 1),
    parameters: int(where, o, 'parameters', 'theorem'),
    maxAbsError: num(where, o, 'maxAbsError', 'theorem', 0),
    exact: bool(where, o, 'exact', 'theorem'),
    seconds: num(where, o, 'seconds', 'theorem', 0),
    labels: 'random',
  };
  if (o.errorBound === undefined) return panel;
  return { ...panel, errorBound: nullableNum(where, o, 'errorBound', 'theorem', 0) };
}

/** Validates `summary.json`. Condition ids must be unique. */
export function validateSummary(value: unknown, where: Where): RunSummary {
  const o = object(where, value, '');
  if (o.formatVersion !== RUN_FORMAT_VERSION) fail(where, 'formatVersion', String(RUN_FORMAT_VERSION), o.formatVersion);
  const seen = new Set<string>();
  const conditions = array(where, o.conditions, 'conditions', 'an array of condition summaries').map((c, i) => {
    const s = validateConditionSummary(c, where, `conditions[${i}]`);
    if (seen.has(s.condition)) fail(where, `conditions[${i}].condition`, 'unique', s.condition);
    seen.add(s.condition);
    return s;
  });
  const theorem = o.theorem === undefined || o.theorem === null ? null : validateTheorem(o.theorem, where);
  const randomization = jsonObject(where, o.randomization, 'randomization');
  const summary: RunSummary = { formatVersion: RUN_FORMAT_VERSION, conditions, theorem, randomization };
  if (o.finishedAt === undefined) return summary;
  return { ...summary, finishedAt: str(where, o, 'finishedAt', '') };
}
