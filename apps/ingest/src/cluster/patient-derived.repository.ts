import type { PrismaClient } from '../prisma/generated/client';
import type { PatientDerived } from '../rules/patient-derived';

export interface DerivedRow {
  patientId: string;
  /** The patient's partition and the epoch the writing node holds it with. */
  partition: number;
  epoch: bigint;
  derived: PatientDerived;
}

/**
 * Cluster mode: each patient's derived state (NEWS2, thresholds in force, dose schedule), written by
 * the owner of the patient's partition after the events that changed it and read by the other nodes
 * for their REST answers. A row is written only while its partition's epoch is the writer's (a node
 * that lost the partition writes nothing for it), and never over a row from further along the log.
 */
export class PatientDerivedRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Writes `rows` as of log position `throughSeq`, in one statement; returns how many were written. */
  async write(rows: readonly DerivedRow[], throughSeq: bigint): Promise<number> {
    if (rows.length === 0) return 0;
    const json = JSON.stringify(rows.map((r) => ({ patient_id: r.patientId, partition: r.partition, epoch: String(r.epoch), news2: r.derived.news2, thresholds: r.derived.thresholds, dose: r.derived.dose })));
    return this.prisma.$executeRawUnsafe(
      `INSERT INTO patient_derived (patient_id, partition, epoch, through_seq, news2, thresholds, dose, updated_at)
       SELECT r.patient_id, r.partition, r.epoch, $1, r.news2, r.thresholds, r.dose, now()
       FROM jsonb_to_recordset($2::jsonb) AS r(patient_id text, partition integer, epoch bigint, news2 integer, thresholds jsonb, dose jsonb)
       JOIN rule_partition rp ON rp.partition = r.partition AND rp.epoch = r.epoch
       ON CONFLICT (patient_id) DO UPDATE SET partition = excluded.partition, epoch = excluded.epoch, through_seq = excluded.through_seq,
         news2 = excluded.news2, thresholds = excluded.thresholds, dose = excluded.dose, updated_at = excluded.updated_at
       WHERE patient_derived.partition <> excluded.partition OR patient_derived.epoch < excluded.epoch
          OR (patient_derived.epoch = excluded.epoch AND patient_derived.through_seq <= excluded.through_seq)`,
      throughSeq,
      json,
    );
  }

  /** The stored derived state of these patients (a patient with none is absent). */
  async read(patientIds: readonly string[]): Promise<Map<string, PatientDerived>> {
    if (patientIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRawUnsafe<{ patient_id: string; news2: number | null; thresholds: PatientDerived['thresholds']; dose: PatientDerived['dose'] }[]>(
      'SELECT patient_id, news2, thresholds, dose FROM patient_derived WHERE patient_id = ANY($1::text[])',
      [...patientIds],
    );
    return new Map(rows.map((r) => [r.patient_id, { news2: r.news2 === null ? null : Number(r.news2), thresholds: r.thresholds, dose: r.dose }]));
  }
}
