import { makeEventId } from '../mapping/event-id';
import { hl7Offset, parseHl7DateTime, type Hl7DateTime } from './hl7-datetime';
import type { Hl7Message } from './hl7-message';
import type { Hl7Segment } from './hl7-segment';
import type { Hl7MapOptions } from './hl7-map.types';

/** Per-message facts every mapper needs: sender name, id prefix, and how to read times. */
export class Hl7Context {
  readonly sender: string;
  private readonly offset: string;

  constructor(
    readonly message: Hl7Message,
    readonly options: Hl7MapOptions,
  ) {
    const msh = message.msh;
    this.sender = options.sourceName ?? firstNonEmpty(msh.components(3)) ?? firstNonEmpty(msh.components(4)) ?? 'unknown';
    // HL7: a time without an offset is in the sender's zone; MSH-7's offset tells us which, if present.
    this.offset = hl7Offset(msh.value(7)) ?? options.defaultOffset ?? 'Z';
  }

  get source(): string {
    return `hl7:${this.sender}`;
  }

  /**
   * Deterministic id: sender + MSH-10 + which OBX + its effective time, so a resend is a duplicate.
   * The time guards against monitors that restart their MSH-10 counter after a reboot: new readings
   * under a reused control id then still get new ids instead of being dropped as duplicates.
   */
  eventId(suffix: string, isoTime: string): string {
    return makeEventId(['hl7', this.sender, this.message.controlId, suffix, isoTime.replace(/[-:]|\.000/g, '')]);
  }

  /** Parsed once per distinct value: every OBX of an order group falls back to the same OBR-7. */
  private readonly times = new Map<string, Hl7DateTime | null>();

  time(value: string): Hl7DateTime | null {
    if (!value) return null;
    let parsed = this.times.get(value);
    if (parsed === undefined) {
      parsed = parseHl7DateTime(value, this.offset);
      this.times.set(value, parsed);
    }
    return parsed;
  }

  /** PID-3 (repetition of the configured type, else the first with an id); PID-2 for pre-2.3 senders. */
  patientId(pid: Hl7Segment | undefined): string {
    if (!pid) return '';
    const reps = pid.repetitions(3).length;
    const wanted = this.options.patientIdType;
    for (let r = 1; r <= reps; r++) {
      const id = pid.value(3, 1, undefined, r);
      if (id && (!wanted || pid.value(3, 5, undefined, r) === wanted)) return id;
    }
    return wanted ? '' : pid.value(2);
  }
}

function firstNonEmpty(values: string[]): string | undefined {
  return values.find((v) => v !== '');
}
