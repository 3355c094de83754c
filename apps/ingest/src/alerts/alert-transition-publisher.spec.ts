import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { AlertTransition, EngineTransition } from '@vigil/contracts';
import { parseEnv } from '../config/env.schema';
import { PartitionFencedError } from '../cluster/rule-partitions.repository';
import { AlertTransitionPublisher } from './alert-transition-publisher';

const transition = (id: string) => ({ type: 'raised', alert: { id } }) as unknown as EngineTransition;

describe('AlertTransitionPublisher', () => {
  it('stops at once when the partition was taken over (no retry), with the chunks before it committed and broadcast', async () => {
    const fence = { partition: 3, epoch: 7n };
    const persist = jest.fn(async (chunk: EngineTransition[], f?: typeof fence) => {
      expect(f).toEqual(fence);
      if (persist.mock.calls.length === 2) throw new PartitionFencedError(3, 7n);
      return chunk.map((t, i) => ({ ...t, seq: i + 1 }) as unknown as AlertTransition);
    });
    const emitted: AlertTransition[] = [];
    const bus = { emit: (_: string, t: AlertTransition) => emitted.push(t) } as unknown as EventEmitter2;
    const publisher = new AlertTransitionPublisher(parseEnv({ VIGIL_PERSIST_CHUNK: '1' }), { persist } as never, bus);
    await expect(publisher.publish([transition('a'), transition('b'), transition('c')], { closing: () => false, fence })).rejects.toBeInstanceOf(PartitionFencedError);
    expect(persist).toHaveBeenCalledTimes(2);
    expect(emitted.map((t) => t.alert.id)).toEqual(['a']);
  });

  it('hands each chunk the request ids of its own transitions, to be stored with them', async () => {
    const persist = jest.fn(async (chunk: EngineTransition[], _fence?: unknown, _requestIds?: readonly (string | undefined)[]) => chunk.map((t, i) => ({ ...t, seq: i + 1 }) as unknown as AlertTransition));
    const emitted: AlertTransition[] = [];
    const bus = { emit: (_: string, t: AlertTransition) => emitted.push(t) } as unknown as EventEmitter2;
    const publisher = new AlertTransitionPublisher(parseEnv({ VIGIL_PERSIST_CHUNK: '2' }), { persist } as never, bus);
    await publisher.publish([transition('a'), transition('b'), transition('c')], { closing: () => false, causes: ['r-a', undefined, 'r-c'] });
    expect(persist.mock.calls.map((c) => c[2])).toEqual([['r-a', undefined], ['r-c']]);
    expect(emitted.map((t) => t.requestId)).toEqual(['r-a', undefined, 'r-c']);
  });

  it('gives up at once while shutting down instead of retrying an unreachable database', async () => {
    const persist = jest.fn(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    const publisher = new AlertTransitionPublisher(parseEnv({}), { persist } as never, { emit: () => true } as unknown as EventEmitter2);
    await expect(publisher.publish([transition('a')], { closing: () => true })).rejects.toThrow('ECONNREFUSED');
    expect(persist).toHaveBeenCalledTimes(1);
  });
});
