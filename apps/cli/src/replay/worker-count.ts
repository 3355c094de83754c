import { availableParallelism } from 'node:os';
import { UsageError } from '../args';

/** Below this much NDJSON (about 50,000 events), starting workers costs more than it saves. */
const AUTO_MIN_BYTES = 20 * 2 ** 20;
const AUTO_MAX_WORKERS = 8;

/**
 * `--workers N|auto`: how many engines replay a stream. auto (the default) uses one per core, up to
 * 8, for streams of 20 MiB and more, else one. The transitions are the same either way.
 */
export function workerCount(option: string | undefined, textLength: number): number {
  if (option === undefined || option === 'auto') return textLength >= AUTO_MIN_BYTES ? Math.min(availableParallelism(), AUTO_MAX_WORKERS) : 1;
  const n = Number(option);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, or auto (got ${option})`);
  return n;
}
