import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, type AlertTransition, type EngineTransition } from '@vigil/contracts';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { PartitionFencedError } from '../cluster/rule-partitions.repository';
import { logTransition } from '../logging/log-transition';
import { AlertTransitionsRepository } from './alert-transitions.repository';

/**
 * Persists engine transitions, then broadcasts them, in chunks of VIGIL_PERSIST_CHUNK, each its own
 * transaction (a rebuild's backlog in one transaction outlived the transaction timeout, and the
 * service never became ready). While the database is unreachable the caller's rules queue waits here
 * and the chunk that failed is retried, never one already committed, so no transition is lost or
 * stored twice and the order is kept; the events are already durable. The single node's rules and
 * each cluster partition's (under its fencing epoch) publish through here.
 */
@Injectable()
export class AlertTransitionPublisher {
  private readonly logger = new Logger('Rules');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly transitions: AlertTransitionsRepository,
    private readonly bus: EventEmitter2,
  ) {}

  /**
   * Returns the number of chunks committed. `closing()` true: a failure is thrown at once (a restart
   * rebuilds from the log). `fence` (cluster mode): the partition and the epoch this node holds it
   * with; a PartitionFencedError (another node took the partition over) is thrown at once, with the
   * chunks before it already committed and broadcast. `causes[i]`: the request whose event caused
   * `out[i]`; its transition is stored, broadcast with that request id and logged under it.
   */
  async publish(out: readonly EngineTransition[], options: { closing: () => boolean; fence?: { partition: number; epoch: bigint }; causes?: readonly (string | undefined)[] }): Promise<number> {
    const size = this.env.VIGIL_PERSIST_CHUNK;
    const what = options.fence ? ` of partition ${options.fence.partition}` : '';
    let chunks = 0;
    for (let from = 0; from < out.length; from += size) {
      const chunk = out.slice(from, from + size);
      let persisted: AlertTransition[];
      for (let attempt = 1; ; attempt++) {
        try {
          persisted = await this.transitions.persist(chunk, options.fence, options.causes?.slice(from, from + size));
          break;
        } catch (e) {
          // Fenced, shutting down, or not a connectivity problem: give up.
          if (e instanceof PartitionFencedError || options.closing() || (!isDatabaseUnavailable(e) && attempt >= 5)) throw e;
          this.logger.warn(`could not persist ${chunk.length} alert transition(s)${what}, retrying (${attempt}): ${(e as Error).message.split('\n').pop()}`);
          await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** attempt)).unref());
        }
      }
      chunks++;
      persisted.forEach((t, i) => {
        const requestId = options.causes?.[from + i];
        this.bus.emit(DomainEvents.AlertTransitioned, requestId ? { ...t, requestId } : t);
        if (requestId) logTransition(this.logger, requestId, t);
      });
    }
    return chunks;
  }
}
