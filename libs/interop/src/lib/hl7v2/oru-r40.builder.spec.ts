import type { Alert } from '@vigil/contracts';
import { parseHl7 } from './hl7-message';
import { buildOruR40 } from './oru-r40.builder';

const alert: Alert = {
  id: 'P-1:hypotension:2026-12-04T10:00:00.000Z',
  patientId: 'P-1',
  wardId: 'W-4',
  bed: '3',
  rule: 'hypotension',
  severity: 'high',
  state: 'active',
  openedAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:15:00.000Z',
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackNote: null,
  escalationLevel: 2,
  message: 'SBP 72 mmHg (<90) | MAP 52 ^ low & falling',
  evidence: [],
  thresholds: { version: 1 },
};

describe('ORU^R40 alert report', () => {
  const text = buildOruR40(alert, { controlId: 'N-42', sentAt: '2026-12-04T10:15:01.000Z', phase: 'escalate', patientName: 'Okafor^Bea', receivingApp: 'PAGER' });
  const parsed = parseHl7(text);

  it('parses back with its type, control id and where the patient lies', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const m = parsed.message;
    expect(m.messageType).toBe('ORU^R40');
    expect(m.get('MSH-9.3')).toBe('ORU_R40');
    expect(m.controlId).toBe('N-42');
    expect(m.get('MSH-5')).toBe('PAGER');
    expect(m.get('MSH-15')).toBe('AL');
    expect(m.get('PID-3.1')).toBe('P-1');
    expect(m.get('PV1-3.1')).toBe('W-4');
    expect(m.get('PV1-3.3')).toBe('3');
    expect(m.get('OBR-2.1')).toBe(alert.id);
    expect(m.get('OBR-7')).toBe('20261204100000.000+0000');
  });

  it('carries the rule, the message (escaped), the phase, the state, the level and the priority', () => {
    if (!parsed.ok) throw new Error('not parsed');
    const obx = parsed.message.all('OBX');
    expect(obx).toHaveLength(4);
    expect(obx[0].value(5, 1)).toBe('hypotension');
    expect(obx[0].value(5, 2)).toBe('SBP 72 mmHg (<90) | MAP 52 ^ low & falling');
    expect(obx[0].value(8, 1)).toBe('PH');
    expect(obx[1].value(5, 1)).toBe('escalate');
    expect(obx[2].value(5, 1)).toBe('active');
    expect(obx[3].value(5, 1)).toBe('2');
    // The patient's name is data, not structure: its ^ is escaped.
    expect(parsed.message.get('PID-5')).toBe('Okafor^Bea');
  });
});
