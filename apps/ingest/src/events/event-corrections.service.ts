import { Inject, Injectable } from '@nestjs/common';
import { ErrorCodes, type ClinicalEvent } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import type { Origin } from '../auth/sender';
import { SecurityAuditService } from '../auth/security-audit.service';

/** What became of an event whose id is already in the log. */
export type CorrectionOutcome =
  /** The same content as a stored version: a resend, stored once, never fires twice. */
  | { kind: 'duplicate' }
  /** New content for the id: stored as the next revision (the earlier ones are kept) and audited. */
  | { kind: 'corrected'; revision: number; seq: bigint }
  /** Not stored: the sender may not correct it, or it changes what a correction may not (audited). */
  | { kind: 'refused'; code: string; path: string; reason: string }
  /** Another version of the id was being stored at the same moment: try again once that one is done. */
  | { kind: 'retry' }
  /** The database failed or refused the insert of this one correction. */
  | { kind: 'failed'; error: unknown };

interface StoredVersion {
  n: number;
  revision: number;
  patient_id: string;
  type: string;
  sender: string | null;
  /** Identical content (jsonb equality: key order and number spelling do not matter). */
  same: boolean;
  same_time: boolean;
  same_specimen: boolean;
}

/**
 * Corrections (§10): an event with the id of a stored one but other content replaces it for the rules
 * (the engine re-evaluates and cancels alerts that no longer hold), and is kept beside it in the log
 * as its next revision, so nothing is lost and the audit shows both. A correction keeps the
 * patient, the type and the effective time (a different one is another event: send it under a new
 * id), and only the source that sent the event, or a clinician of the patient's ward (the ingest gate
 * has checked the ward) or the system, may correct it. An identical resend of any stored version is
 * a duplicate (a late retry of the original never undoes its correction).
 */
@Injectable()
export class EventCorrectionsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly audit: SecurityAuditService,
  ) {}

  /** Decides, in order, for events whose id is already stored (one event per id: repeats come back as `retry`). */
  async settle(items: { event: ClinicalEvent; origin: Origin }[]): Promise<CorrectionOutcome[]> {
    if (items.length === 0) return [];
    const rows = await this.prisma.$queryRawUnsafe<StoredVersion[]>(
      `SELECT x.n::int AS n, c.revision, c.patient_id, c.type, c.sender, (c.payload = x.e) AS same,
              (c.time = (x.e->>'time')::timestamptz) AS same_time,
              ((c.payload->>'specimenTime')::timestamptz IS NOT DISTINCT FROM (x.e->>'specimenTime')::timestamptz) AS same_specimen
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n)
       JOIN clinical_event c ON c.id = x.e->>'id'
       ORDER BY x.n, c.revision`,
      JSON.stringify(items.map((i) => i.event)),
    );
    const versions = new Map<number, StoredVersion[]>();
    for (const r of rows) versions.set(r.n - 1, [...(versions.get(r.n - 1) ?? []), r]);
    const seen = new Set<string>();
    const out: CorrectionOutcome[] = [];
    for (let i = 0; i < items.length; i++) {
      const { event, origin } = items[i];
      const stored = versions.get(i) ?? [];
      if (seen.has(event.id) || stored.length === 0) {
        // A second version of the same id in this pass, or a version that is not visible yet: later.
        out.push({ kind: 'retry' });
        continue;
      }
      seen.add(event.id);
      if (stored.some((v) => v.same)) {
        out.push({ kind: 'duplicate' });
        continue;
      }
      try {
        out.push(await this.correct(event, origin, stored));
      } catch (error) {
        out.push({ kind: 'failed', error });
      }
    }
    return out;
  }

  private async correct(event: ClinicalEvent, origin: Origin, stored: StoredVersion[]): Promise<CorrectionOutcome> {
    const original = stored[0];
    const target = `patient:${original.patient_id}`;
    const refuse = async (code: string, path: string, reason: string): Promise<CorrectionOutcome> => {
      await this.audit.record({ actor: origin.sender, action: 'event.correct', target, outcome: 'refused', detail: { eventId: event.id, channel: origin.channel, code, path, reason } });
      return { kind: 'refused', code, path, reason };
    };
    const changed = changedIdentity(event, original);
    if (changed)
      return refuse(
        ErrorCodes.EventCorrectionInvalid,
        changed,
        `event ${event.id} is stored with another ${changed}; a correction keeps the patient, type and effective time and changes only the values: send a different event under a new id`,
      );
    if (!mayCorrect(origin, original.sender))
      return refuse(ErrorCodes.EventCorrectionForbidden, 'id', `event ${event.id} was sent by another source; only that source or a clinician of the patient's ward may correct it`);
    const revision = stored[stored.length - 1].revision + 1;
    const inserted = await this.prisma.$queryRawUnsafe<{ seq: bigint | number | string }[]>(
      `INSERT INTO clinical_event (id, revision, patient_id, time, type, source, sender, channel, payload)
       SELECT e->>'id', $2::int, e->>'patientId', (e->>'time')::timestamptz, e->>'type', e->>'source', $3, $4, e
       FROM (SELECT $1::jsonb AS e) x
       WHERE NOT EXISTS (SELECT 1 FROM clinical_event c WHERE c.id = x.e->>'id' AND c.payload = x.e)
       ON CONFLICT (id, revision) DO NOTHING
       RETURNING seq`,
      JSON.stringify(event),
      revision,
      origin.sender,
      origin.channel,
    );
    // Someone stored this revision (or this content) meanwhile: decide again once it is visible.
    if (inserted.length === 0) return { kind: 'retry' };
    const seq = BigInt(inserted[0].seq);
    await this.audit.record({ actor: origin.sender, action: 'event.correct', target, outcome: 'ok', detail: { eventId: event.id, revision, seq: seq.toString(), channel: origin.channel, originalSender: original.sender } });
    return { kind: 'corrected', revision, seq };
  }
}

/** The first of patient, type and effective time that the correction changes, or null. */
function changedIdentity(event: ClinicalEvent, original: StoredVersion): string | null {
  if (event.patientId !== original.patient_id) return 'patientId';
  if (event.type !== original.type) return 'type';
  if (!original.same_time) return 'time';
  if (!original.same_specimen) return 'specimenTime';
  return null;
}

/** The source that sent the event; a signed-in clinician (ward already checked) or admin; the system. */
function mayCorrect(origin: Origin, originalSender: string | null): boolean {
  if (originalSender !== null && origin.sender === originalSender) return true;
  return origin.sender.startsWith('user:') || origin.sender.startsWith('system:');
}
