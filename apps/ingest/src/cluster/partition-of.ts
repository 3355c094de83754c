import { createHash } from 'node:crypto';

/**
 * The rules partition of a patient: the first 32 bits of md5(patient id), unsigned, modulo the
 * partition count. PostgreSQL computes the same with PARTITION_SQL, so a node can read only its
 * partitions' events and every node agrees on who owns a patient.
 */
export function partitionOf(patientId: string, partitions: number): number {
  return parseInt(createHash('md5').update(patientId, 'utf8').digest('hex').slice(0, 8), 16) % partitions;
}

/** partitionOf in SQL for a column (or expression) `col`; `$n` is the partition count's parameter. */
export function partitionSql(col: string, countParam: string): string {
  return `(('x' || substr(md5(${col}), 1, 8))::bit(32)::bigint % ${countParam})`;
}
