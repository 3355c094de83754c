import type { EngineTransition } from '@vigil/contracts';
import type { TruthEpisode } from '../simulate/ward-simulator';
import { median, patientDays, scoreAlerts } from './score';

const raised = (patientId: string, rule: string, at: string, type: EngineTransition['type'] = 'raised', message = 'an alert', id = `${patientId}:${rule}:${at}`): EngineTransition =>
  ({ type, at, alert: { id, patientId, rule, severity: 'medium', state: 'active', message } }) as unknown as EngineTransition;
/** A transition of an alert raised earlier (same id). */
const later = (opened: EngineTransition, at: string, type: EngineTransition['type'], message = 'an alert'): EngineTransition => raised(opened.alert.patientId, opened.alert.rule, at, type, message, opened.alert.id);
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
      prompts: 0,
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

  it('an alert raised before the window and still open during the episode detects it (a clinician sees it active throughout)', () => {
    const open = raised('A', 'hypotension', T('08:30')); // 90 min before A's start: outside the raise window
    const stillOpen = scoreAlerts([open, later(open, T('11:30'), 'resolved')], truth, 1).find((s) => s.rule === 'hypotension');
    expect(stillOpen).toMatchObject({ alarms: 1, truePositives: 1, detected: 1, medianDelayMin: -90, medianLeadMin: 150 });
    // Resolved before the window opened (09:00): it covers nothing.
    const over = scoreAlerts([open, later(open, T('08:50'), 'resolved')], truth, 1).find((s) => s.rule === 'hypotension');
    expect(over).toMatchObject({ alarms: 1, truePositives: 0, detected: 0 });
    // Cancelled (data corrected in error) ends it like a resolve.
    const cancelled = scoreAlerts([open, later(open, T('08:55'), 'cancelled')], truth, 1).find((s) => s.rule === 'hypotension');
    expect(cancelled).toMatchObject({ detected: 0 });
  });

  it('a recheck prompt never confirmed is not an alarm and detects nothing; a confirmed one counts from its confirmation', () => {
    const prompt = raised('B', 'hypotension', T('10:10'), 'raised', 'Recheck: SBP 84 mmHg (<90): repeat NIBP within 15 min');
    const unconfirmed = scoreAlerts([prompt, later(prompt, T('10:15'), 'resolved', 'Resolved: repeat NIBP did not confirm')], truth, 1).find((s) => s.rule === 'hypotension');
    expect(unconfirmed).toMatchObject({ alarms: 0, prompts: 1, truePositives: 0, detected: 0, ppv: null });
    const confirmed = scoreAlerts([prompt, later(prompt, T('10:25'), 'updated', 'SBP 83 mmHg (<90)')], truth, 1).find((s) => s.rule === 'hypotension');
    expect(confirmed).toMatchObject({ alarms: 1, prompts: 0, truePositives: 1, detected: 1, medianDelayMin: 25 });
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
