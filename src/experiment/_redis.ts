/** Internal: Redis URLs as BullMQ connection options, a fail-fast first connection, and secrets kept out of text. */
import { isIP } from 'node:net';
import { RedisConnection, type ConnectionOptions } from 'bullmq';
import { ExperimentError } from './errors.ts';
import { redactUrl } from './redact-url.ts';

/** How long the first connection may take before it is reported as failed. */
export const CONNECT_TIMEOUT_MS = 4000;

/** The name of the BullMQ queue of cells (one queue; each job names its run folder). */
export const QUEUE_NAME = 'rethink-cells';

/** The ioredis options of a `redis://` or `rediss://` URL (TLS for `rediss:`), or an error naming the URL. */
export interface RedisUrlOptions {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  readonly tls?: { readonly servername?: string };
  readonly connectTimeout: number;
}

/** BullMQ's connection options for a URL's options (with `extra` ioredis options). */
export function connectionOf(options: RedisUrlOptions, extra: Record<string, unknown> = {}): ConnectionOptions {
  return { ...options, ...extra } as ConnectionOptions;
}

export function redisOptions(url: string, caller: string): RedisUrlOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ExperimentError(`${caller}: ${redactUrl(url)} is not a URL; use redis://HOST:PORT/DB or rediss://…`, {
      url: redactUrl(url),
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ExperimentError(
      `${caller}: ${redactUrl(url)} is not a redis:// or rediss:// URL (got ${parsed.protocol.replace(/:$/, '')})`,
      { url: redactUrl(url) },
    );
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new ExperimentError(
      `${caller}: ${redactUrl(url)}: the database must be a number, got ${JSON.stringify(db)}`,
      {
        url: redactUrl(url),
      },
    );
  }
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username !== '' ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password !== '' ? { password: decodeURIComponent(parsed.password) } : {}),
    db: db === '' ? 0 : Number(db),
    ...(parsed.protocol === 'rediss:'
      ? { tls: isIP(parsed.hostname.replace(/^\[|\]$/g, '')) === 0 ? { servername: parsed.hostname } : {} }
      : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
}

/** `text` with the URL's password (raw and URL-decoded) replaced by `***`. */
export function scrub(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  try {
    const { password } = new URL(url);
    for (const secret of new Set([password, decodeURIComponent(password)])) {
      if (secret.length > 0) out = out.split(secret).join('***');
    }
  } catch {
    // not a URL: nothing else to hide
  }
  return out;
}

/** A clear reason for a failed connection (ioredis' own words, made readable). */
function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { message?: string };
  const message = e?.message ?? String(error);
  if (/WRONGPASS|invalid password|NOAUTH|invalid username-password/i.test(message))
    return `authentication failed (${message.split('\n')[0]})`;
  if (e?.code === 'ECONNREFUSED') return 'connection refused (nothing listens there)';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'unknown host';
  if (e?.code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return 'timed out';
  if (/Protocol error|unexpected|reply type/i.test(message)) return `not a Redis server (${message.split('\n')[0]})`;
  return message.split('\n')[0] ?? message;
}

/**
 * Connects once without retrying and pings, within {@link CONNECT_TIMEOUT_MS}: a wrong password, an unreachable
 * host or a port where no Redis answers fails fast with an {@link ExperimentError} naming the URL without its
 * password. The long-lived connections (which do retry, so that a restarting Redis is waited for) come after.
 */
export async function probeRedis(url: string, caller: string): Promise<void> {
  const options = redisOptions(url, caller);
  const shown = redactUrl(url);
  const connection = new RedisConnection(
    connectionOf(options, { retryStrategy: () => null, maxRetriesPerRequest: 0, lazyConnect: false }),
    { shared: false, skipVersionCheck: true },
  );
  connection.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = (async () => {
      const client = redisCommands(await connection.client);
      client.on('error', () => undefined);
      const answer = await client.ping();
      if (answer !== 'PONG') throw new Error(`unexpected answer to PING: ${String(answer).slice(0, 40)}`);
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS + 1000);
    });
    await Promise.race([ping, timeout]);
  } catch (error) {
    throw new ExperimentError(`${caller}: cannot use Redis at ${shown}: ${scrub(reason(error), url)}`, {
      url: shown,
      reason: scrub(reason(error), url),
    });
  } finally {
    clearTimeout(timer);
    await connection.close().catch(() => undefined);
  }
}

/** The Redis commands this project calls directly (BullMQ's own client type does not declare them). */
export interface RedisCommands {
  on(event: string, listener: () => void): unknown;
  ping(): Promise<string>;
  set(...args: (string | number)[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** `client` as {@link RedisCommands}, checked: a client without one of them is a programming error, said so. */
export function redisCommands(client: unknown): RedisCommands {
  const c = client as Partial<Record<keyof RedisCommands, unknown>> | null;
  for (const name of ['on', 'ping', 'set', 'get', 'eval'] as const) {
    if (typeof c?.[name] !== 'function') throw new TypeError(`the Redis client has no ${name}() command`);
  }
  return client as RedisCommands;
}
