import { RethinkError } from 'rethink/core';

/**
 * A compute backend that cannot be used as asked: an unknown backend name or thread count, an explicitly
 * requested backend that fails to load, or a training kernel given inputs it does not support (a data format,
 * a dtype). `details` names the function or kernel, and the offending value or shape.
 *
 * @example
 * ```ts
 * import { BackendError } from 'rethink/train';
 * const e = new BackendError('selectBackend: unknown backend "gpu"', { backend: 'gpu' });
 * console.log(e.code, e.details.backend); // E_BACKEND gpu
 * ```
 */
export class BackendError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('E_BACKEND', message, details, options);
  }
}
