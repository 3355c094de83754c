import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { AlertTransition, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesService } from './rules.service';
import { PatientSummaryStore } from '../patients/patient-summary.store';
import { ReadinessService } from '../health/readiness.service';
import { parseEnv } from '../config/env.schema';
import { AlertTransitionPublisher } from '../alerts/alert-transition-publisher';

const events: ClinicalEvent[] = [
  { id: 'a', patientId: 'P', time: '2026-11-26T10:00:00.000Z', type: 'admit', wardId: 'W', bed: '1', weightKg: 70 },
  { id: 'v1', patientId: 'P', time: '2026-11-26T10:01:00.000Z', type: 'vitals', sbp: 84, method: 'nibp' },
  { id: 'v2', patientId: 'P', time: '2026-11-26T10:02:00.000Z', type: 'vitals', sbp: 83, method: 'nibp' },
];

/** The service with its publisher over fakes of the repository and the bus (retry warnings silenced). */
function rulesService(env: ReturnType<typeof parseEnv>, transitions: { persist: unknown }, bus: EventEmitter2) {
  const publisher = new AlertTransitionPublisher(env, transitions as never, bus);
  (publisher as unknown as { logger: { warn: () => void } }).logger.warn = () => undefined;
  return new RulesService(env, {} as never, {} as never, publisher, new PatientSummaryStore(), new ReadinessService(), {} as never, {} as never);
}

describe('RulesService', () => {
  it('keeps retrying while the database is unreachable, then persists and broadcasts each transition once', async () => {
    let failures = 2;
    const persisted: EngineTransition[][] = [];
    const transitions = {
      persist: jest.fn(async (out: EngineTransition[]) => {
        if (failures-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        persisted.push(out);
        return out.map((t, i) => ({ ...t, seq: i + 1 }));
      }),
    };
    const emitted: AlertTransition[] = [];
    const bus = { emit: (_: string, t: AlertTransition) => emitted.push(t) } as unknown as EventEmitter2;
    const env = parseEnv({ VIGIL_CLOCK: 'events' });
    const service = rulesService(env, transitions, bus);

    service.onStored({ events });
    await service.idle(); // the queue holds until the retries succeed

    expect(transitions.persist).toHaveBeenCalledTimes(3);
    expect(persisted).toHaveLength(1);
    // §10: the first low reading raises the LOW recheck prompt, the second confirms it (same alert).
    expect(emitted.map((t) => [t.type, t.alert.rule, t.alert.severity])).toEqual([
      ['raised', 'hypotension', 'low'],
      ['updated', 'hypotension', 'medium'],
    ]);
  }, 10_000);

  it('holds data of a patient not yet placed on a ward and evaluates it after a transfer places them', async () => {
    const transitions = { persist: jest.fn(async (out: EngineTransition[]) => out.map((t, i) => ({ ...t, seq: i + 1 }))) };
    const emitted: AlertTransition[] = [];
    const bus = { emit: (_: string, t: AlertTransition) => emitted.push(t) } as unknown as EventEmitter2;
    const service = rulesService(parseEnv({ VIGIL_CLOCK: 'events' }), transitions, bus);
    service.onStored({ events: events.slice(1) });
    await service.idle();
    expect(emitted).toEqual([]);
    service.onStored({ events: [{ id: 't', patientId: 'P', time: '2026-11-26T10:00:30.000Z', type: 'transfer', wardId: 'W-ICU', bed: '4' }] });
    await service.idle();
    expect(emitted.map((t) => [t.type, t.alert.rule, t.alert.wardId, t.alert.bed])).toEqual([
      ['raised', 'hypotension', 'W-ICU', '4'],
      ['updated', 'hypotension', 'W-ICU', '4'],
    ]);
  });

  it('persists in chunks of VIGIL_PERSIST_CHUNK and retries only the chunk that failed, so none is stored twice', async () => {
    let calls = 0;
    const persisted: string[][] = [];
    const transitions = {
      persist: jest.fn(async (out: EngineTransition[]) => {
        // The second transaction meets an outage once; the first one stays committed.
        if (++calls === 2) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        persisted.push(out.map((t) => t.type));
        return out.map((t, i) => ({ ...t, seq: persisted.length * 10 + i }));
      }),
    };
    const emitted: AlertTransition[] = [];
    const bus = { emit: (_: string, t: AlertTransition) => emitted.push(t) } as unknown as EventEmitter2;
    const service = rulesService(parseEnv({ VIGIL_CLOCK: 'events', VIGIL_PERSIST_CHUNK: '1' }), transitions, bus);
    service.onStored({ events });
    await service.idle();
    expect(transitions.persist.mock.calls.map(([out]) => out.length)).toEqual([1, 1, 1]);
    expect(persisted).toEqual([['raised'], ['updated']]);
    expect(emitted.map((t) => t.type)).toEqual(['raised', 'updated']);
  }, 10_000);
});
