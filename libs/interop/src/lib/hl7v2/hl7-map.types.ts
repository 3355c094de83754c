import type { ClinicalEvent } from '@vigil/contracts';

/**
 * HL7 table 0357 error codes used in ERR-3, so the sender's interface engine can tell a bad message
 * (do not resend) from a transient failure.
 */
export const Hl7ErrorCodes = {
  SegmentSequence: '100',
  RequiredFieldMissing: '101',
  DataTypeError: '102',
  TableValueNotFound: '103',
  UnsupportedMessageType: '200',
  UnsupportedEventCode: '201',
  UnsupportedProcessingId: '202',
  UnsupportedVersion: '203',
  ApplicationInternalError: '207',
} as const;
export type Hl7ErrorCode = (typeof Hl7ErrorCodes)[keyof typeof Hl7ErrorCodes];

/** Where in the message a problem is (ERR-2): segment id, its 1-based occurrence, optional field. */
export interface Hl7Location {
  segment: string;
  sequence: number;
  field?: number;
}

/** A part of an accepted message that was not used, and why (sent back as ERR with severity W). */
export interface Hl7Issue extends Hl7Location {
  reason: string;
  code: Hl7ErrorCode;
}

/** Demographics and location from ADT, for the patient registry; not itself a clinical event. */
export interface PatientUpdate {
  patientId: string;
  /** Which ADT event carried it. */
  trigger: 'A01' | 'A02' | 'A03' | 'A08';
  time: string;
  mrn?: string;
  displayName?: string;
  wardId?: string;
  room?: string;
  bed?: string;
  weightKg?: number;
}

export type Hl7MapResult =
  | {
      ok: true;
      controlId: string;
      messageType: string;
      events: ClinicalEvent[];
      /** Present for ADT messages. */
      patient?: PatientUpdate;
      /** Observations or fields that were skipped; the message is still accepted (AA). */
      warnings: Hl7Issue[];
    }
  | {
      ok: false;
      controlId?: string;
      messageType?: string;
      /** AE: application error (content problem or failure to store); AR: rejected (type/version/unparseable). */
      code: 'AE' | 'AR';
      reason: string;
      errorCode: Hl7ErrorCode;
      location?: Hl7Location;
      warnings: Hl7Issue[];
    };

export interface Hl7MapOptions {
  /**
   * Offset for timestamps that carry none, when MSH-7 carries none either (HL7: sender's local time).
   * "+HHMM", "+HH:MM" or "Z". Default "Z". Configure per sending system.
   */
  defaultOffset?: string;
  /** Use the PID-3 repetition whose identifier type (CX-5) is this, e.g. "MR". Default: first with an id. */
  patientIdType?: string;
  /** Name used in event ids and `source`; default MSH-3 (sending application), else MSH-4. */
  sourceName?: string;
  /** Accept only these MSH-11 processing ids (e.g. ["P"] in production). Default: any. */
  processingIds?: string[];
}
