import type { Alert } from '@vigil/contracts';
import { DEFAULT_HL7_ENCODING } from './hl7-encoding';
import { escapeHl7 } from './hl7-escape';
import { toHl7DateTime } from './oru-r01.builder';

export interface OruR40Options {
  /** MSH-10, echoed in the peer's ACK. */
  controlId: string;
  /** When the message is sent (MSH-7), ISO: passed in, this library reads no clock. */
  sentAt: string;
  /** IHE event phase: `start` for a new alert, `escalate` for an escalation step. */
  phase: 'start' | 'escalate';
  patientName?: string | null;
  /** MSH-5 / MSH-6: the paging or alarm gateway. */
  receivingApp?: string;
  receivingFacility?: string;
}

/** OBX-8 alarm priority of IHE PCD ACM: PH high, PM medium, PL low. */
const PRIORITY = { high: 'PH', medium: 'PM', low: 'PL' } as const;

/**
 * An alert as an HL7 v2.6 ORU^R40 (IHE PCD ACM "Report Alert") for a paging or alarm gateway: PID and
 * PV1 (ward and bed) say who and where, OBR the alert (its id, when it opened), and the OBX group its
 * type (MDC_EVT_ALARM with Vigil's rule and message), event phase, alarm state, escalation level and
 * priority (OBX-8). MSH-15 AL asks the peer for an accept ACK. Segments end in CR.
 */
export function buildOruR40(alert: Alert, opts: OruR40Options): string {
  const e = (s: string) => escapeHl7(s, DEFAULT_HL7_ENCODING);
  const opened = toHl7DateTime(alert.openedAt);
  const at = toHl7DateTime(alert.updatedAt);
  const priority = PRIORITY[alert.severity];
  const obx = (n: number, type: string, code: string, value: string, flag = '') => `OBX|${n}|${type}|${code}|1.0.0.${n}|${value}|||${flag}|||R|||${at}`;
  return [
    `MSH|^~\\&|VIGIL|${e(alert.wardId ?? '')}|${e(opts.receivingApp ?? 'ALARM_GW')}|${e(opts.receivingFacility ?? '')}|${toHl7DateTime(opts.sentAt)}||ORU^R40^ORU_R40|${e(opts.controlId)}|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4.1^ISO`,
    `PID|1||${e(alert.patientId)}^^^VIGIL^MR||${e(opts.patientName ?? '')}`,
    `PV1|1|I|${e(alert.wardId ?? '')}^^${e(alert.bed ?? '')}`,
    `OBR|1|${e(alert.id)}^VIGIL|${e(alert.id)}^VIGIL|196616^MDC_EVT_ALARM^MDC|||${opened}`,
    obx(1, 'CWE', '196616^MDC_EVT_ALARM^MDC', `${e(alert.rule)}^${e(alert.message)}^VIGIL`, priority),
    obx(2, 'ST', '68481^MDC_ATTR_EVENT_PHASE^MDC', opts.phase),
    obx(3, 'ST', '68482^MDC_ATTR_ALARM_STATE^MDC', alert.state === 'acknowledged' ? 'msg-ack' : 'active'),
    obx(4, 'NM', 'ESCALATION_LEVEL^Escalation level^VIGIL', String(alert.escalationLevel)),
  ].join('\r');
}
