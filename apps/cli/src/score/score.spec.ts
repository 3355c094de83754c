import type { EngineTransition } from '@vigil/contracts';
import type { TruthEpisode } from '../simulate/ward-simulator';
import { median, patientDays, scoreAlerts } from './score';

const raised = (patientId: string, rule: string, at: string, type: EngineTransition['type'] = 'raised'): EngineTransition =>
  ({ type, at, alert: { id: `${patientId}:${rule}:${at}`, patientId, rule, severity: 'medium', state: 'active' } }) as unknown as EngineTransition;
const ep = (patientId: string, kind: TruthEpisode['kind'], start: string, end: string, peak: string): TruthEpisode => ({ patientId, kind, start, end, peak, detail: '' });
const T = (hhmm: string) => `2026-01-05T${hhmm}:00.000Z`;

describe('scoreAlerts', () => {
  const truth = [
    ep('A', 'hypotension', T('10:00'), T('12:00'), T('11:00')),
    ep('B', 'hypotension', T('10:00'), T('11:00'), T('10:30')),
    ep('A', 'af', T('08:00'), T('09:00'), T('08:00')),
  ];

  it('counts sensitivity, PPV, alarms per patient-day, delay and lead per rule', () => {
    const transitions = [
      raised('A', 'hypotension', T('10:20')), // detects A's episode: delay 20, lead 40
      raised('A', 'hypotension', T('10:20'), 'escalated'), // not an alarm
      raised('A', 'hypotension', T('15:30')), // false positive (more than 60 min after the end)
      raised('B', 'hypotension', T('09:30')), // 30 min before B's start: counts; delay −30, lead 60
      raised('C', 'hypotension', T('10:10')), // another patient: false positive
    ];
    const hypo = scoreAlerts(transitions, truth, 2).find((s) => s.rule === 'hypotension');
    expect(hypo).toEqual({
      rule: 'hypotension',
      alarms: 4,
      truePositives: 2,
      episodes: 2,
      detected: 2,
      sensitivity: 1,
      ppv: 0.5,
      alarmsPerPatientDay: 2,
      medianDelayMin: -5,
      medianLeadMin: 50,
    });
  });

  it('scores both AF rules against AF episodes, and lists a rule without alarms when it has episodes to find', () => {
    const scores = scoreAlerts([raised('A', 'af_rr', T('08:05'))], truth, 1);
    const byRule = Object.fromEntries(scores.map((s) => [s.rule, s]));
    expect(byRule['af_rr']).toMatchObject({ alarms: 1, truePositives: 1, sensitivity: 1, ppv: 1, medianDelayMin: 5, medianLeadMin: -5 });
    expect(byRule['af_rhythm']).toMatchObject({ alarms: 0, detected: 0, sensitivity: 0, ppv: null });
    expect(byRule['hypotension']).toMatchObject({ alarms: 0, episodes: 2, sensitivity: 0 });
  });

  it('a rule with no truth kind gets a rate but no PPV', () => {
    const [tachy] = scoreAlerts([raised('A', 'tachycardia', T('08:05'))], [], 4);
    expect(tachy).toMatchObject({ rule: 'tachycardia', alarms: 1, ppv: null, sensitivity: null, alarmsPerPatientDay: 0.25 });
  });

  it('the matching window is configurable', () => {
    const t = [raised('B', 'hypotension', T('09:30'))];
    expect(scoreAlerts(t, truth, 1, { beforeMin: 15 })[0]).toMatchObject({ truePositives: 0, detected: 0 });
  });
});

describe('helpers', () => {
  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
  it('patient-days from first to last event per patient', () => {
    expect(patientDays([
      { patientId: 'A', time: T('00:00') },
      { patientId: 'A', time: T('12:00') },
      { patientId: 'B', time: T('06:00') },
      { patientId: 'B', time: '2026-01-06T06:00:00.000Z' },
    ])).toBe(1.5);
  });
});
