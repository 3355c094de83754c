"""
Scenario streams for the alarm burden at the ward's charting cadence (issue 15): one episode raises
one alert, and an alert resolves on the resolve condition its section writes, held for its window
(CLINICAL_RULES.md §6.0 "Hysteresis: resolve needs the reverse condition held for the resolve
window", §6.4 "Resolve", §6.5, §10 "the alert steps down ..., audited").

Expectations are written by hand from those sections, not captured from the engine; each stream
fails on the engine before this change (ab28498), which resolved and re-raised within one episode.
Run `python3 libs/rules/scenarios/generate_alarm_burden.py` (it also rewrites the base scenarios of
generate.py, unchanged); commit the generated files.
"""
import generate as g

H = 60
FAMILY = g.Family('alarm-burden')
sc = FAMILY.sc


def urine(s, hour, ml, span=1):
    """Catheter urine for the `span` hours ending at `hour`."""
    s.ev('urine', hour * H, volumeMl=ml, periodStart=g.iso((hour - span) * H), site='catheter')


def low_then_medium(s, opened, medium_at, resolved_at):
    """One OLIGURIA episode: LOW at `opened`, MEDIUM on the same alert (charge nurse at +10 min), resolved once."""
    s.x('raised', opened, 'oliguria', 'low', 'active', opened)
    s.x('updated', medium_at, 'oliguria', 'medium', 'active', opened)
    s.x('escalated', medium_at + 10, 'oliguria', 'medium', 'active', opened, 1)
    s.x('resolved', resolved_at, 'oliguria', 'medium', 'resolved', opened, 1)


# ---------- OLIGURIA: the recovery window of §6.4 ----------
s = sc('oliguria-recovery-needs-next-6h',
       'OLIGURIA §6.4 at 70 kg, hourly urine: 30 mL/h for 6 h -> KDIGO 1 (0.43 mL/kg/h over 6 h, LOW); one hour of 100 mL lifts the '
       'trailing 6 h over 0.5 mL/kg/h but is not "0.5 mL/kg/h over the next 6 h": the alert stays open; two dry hours -> O2 (<10 mL/h, '
       'MEDIUM) and O4 (3.6 mL/kg in 8 h, MEDIUM) on the same alert; 60 mL/h from then on resolves it once 6 h have passed since a '
       'criterion was last met (before: resolved after the 100 mL hour and raised a second alert 2 h later)')
s.admit()
for h in range(1, 7): urine(s, h, 30)
urine(s, 7, 100); urine(s, 8, 0); urine(s, 9, 0)
for h in range(10, 16): urine(s, h, 60)
# 15 h: 6 h after the last criterion (9 h), 360 mL over those 6 h (0.86 mL/kg/h), 60 and 60 mL in the last 2 h.
low_then_medium(s, 6 * H, 9 * H, 15 * H)

s = sc('oliguria-shift-recovery-needs-next-8h',
       'OLIGURIA §6.4 at 70 kg with 2-hourly urine of 30 mL (15 mL/h): O1 at 2 h (LOW), KDIGO 1 at 6 h, then at 8 h 120 mL in the '
       'shift (80-160 mL, O3 relative [D14]) and 1.7 mL/kg (O4 [TIL24]): MEDIUM. A 400 mL void at 10 h lifts every trailing window '
       'at once, but "the next 8 h total is >=160 mL" needs the 8 h after the shift criterion was last met (8 h): the alert resolves '
       'at 16 h, not at 10 h (before)')
s.admit(kg=70)
for h in (2, 4, 6, 8): urine(s, h, 30, span=2)
urine(s, 10, 400, span=2)
for h in (12, 14, 16): urine(s, h, 120, span=2)
# 14 h: the mL/kg and KDIGO families have their 6 h (640 mL); 16 h: the shift family its 8 h (760 mL >= 160).
low_then_medium(s, 2 * H, 8 * H, 16 * H)

# ---------- HYPOTENSION: the resolve window at a 5-min cuff cycle ----------
s = sc('hypotension-cuff-5min-brief-recovery-one-alert',
       'HYPOTENSION §6.1 with §6.0 hysteresis, NIBP cycled every 5 min (§10: monitors cycle the cuff every 15-60 min, faster in '
       'a crisis): 84, 83 (confirmed MEDIUM), 95, 96 (10 min of recovery), 85, 84, then 96-99 for 15 min. One episode, one alert: '
       'the resolve needs the normal readings to span the 15-min resolve window (the arterial one of §6.1), so it resolves at '
       '08:45 (before: resolved at 08:15 on two readings 5 min apart, then a recheck prompt at 08:20 and a second MEDIUM alert)')
s.admit()
for m, sbp in ((0, 84), (5, 83), (10, 95), (15, 96), (20, 85), (25, 84), (30, 96), (35, 97), (40, 98), (45, 99)):
    s.v(m, sbp=sbp, dbp=50 if sbp < 90 else 60, method='nibp')
s.x('raised', 0, 'hypotension', 'low', 'active', 0)
s.x('updated', 5, 'hypotension', 'medium', 'active', 0)
s.x('escalated', 15, 'hypotension', 'medium', 'active', 0, 1)
s.x('resolved', 45, 'hypotension', 'medium', 'resolved', 0, 1)

s = sc('hypotension-cuff-15min-manual-repeat-one-alert',
       'HYPOTENSION §6.1 with §6.0 hysteresis, NIBP cycled every 15 min (§10) with a nurse\'s manual repeat 5 min after the first '
       'normal reading: 84, 83 (confirmed MEDIUM), 95, 96 (manual repeat at 08:35: 5 min of recovery), 85, 84, then 96 and 97 '
       '15 min apart. One episode, one alert: 95 and 96 do not span the 15-min resolve window; 96 and 97 on the regular cycle '
       'do, so a real recovery resolves at the second normal reading as before (09:30). Before: resolved at 08:35, a recheck '
       'prompt at 08:45 and a second MEDIUM alert at 09:00')
s.admit()
for m, sbp in ((0, 84), (15, 83), (30, 95), (35, 96), (45, 85), (60, 84), (75, 96), (90, 97)):
    s.v(m, sbp=sbp, dbp=50 if sbp < 90 else 60, method='nibp')
s.x('raised', 0, 'hypotension', 'low', 'active', 0)
s.x('updated', 15, 'hypotension', 'medium', 'active', 0)
s.x('escalated', 25, 'hypotension', 'medium', 'active', 0, 1)
s.x('resolved', 90, 'hypotension', 'medium', 'resolved', 0, 1)

s = sc('hypotension-hourly-recheck-brief-recovery-one-alert',
       'HYPOTENSION §6.1 with §6.0 hysteresis, vitals charted hourly (§10, [D14 Table 2]) with a recheck 10 min after the first '
       'normal reading: 84, 83 (confirmed MEDIUM), 95 at 10:00, 96 at 10:10, 85 at 11:00, 84, then 96 and 97 an hour apart. '
       'One episode, one alert: 95 and 96 span 10 min, not the 15-min resolve window; the hourly 96 and 97 do, so the real '
       'recovery resolves at the second normal chart (14:00). Before: resolved at 10:10, a recheck prompt at 11:00 and a '
       'second MEDIUM alert at 12:00')
s.admit()
for m, sbp in ((0, 84), (60, 83), (120, 95), (130, 96), (180, 85), (240, 84), (300, 96), (360, 97)):
    s.v(m, sbp=sbp, dbp=50 if sbp < 90 else 60, method='nibp')
s.x('raised', 0, 'hypotension', 'low', 'active', 0)
s.x('updated', 60, 'hypotension', 'medium', 'active', 0)
s.x('escalated', 70, 'hypotension', 'medium', 'active', 0, 1)
s.x('resolved', 360, 'hypotension', 'medium', 'resolved', 0, 1)

# ---------- CREATININE: one AKI episode, stepping down ----------
s = sc('creatinine-falling-steps-down',
       'CREATININE §6.5 with §10: baseline 1.0 mg/dL; 3.1 (HIGH, [D14] absolute) -> 2.6 (below the HIGH band, still 2.5-2.9 and 2x '
       'baseline: MEDIUM) -> 1.6 (still 1.5x baseline, KDIGO 1: LOW) -> 1.2 (no band: resolved). One AKI episode, one alert that steps '
       'down (audited `updated`); before, each fall resolved it and raised a new alert')
s.admit(creatinine=1.0)
for hours, value in ((0, 1.0), (12, 3.1), (24, 2.6), (36, 1.6), (48, 1.2)):
    s.ev('lab', hours * H, code='CREAT', value=value, unit='mg/dL')
s.x('raised', 12 * H, 'creatinine', 'high', 'active', 12 * H)
s.x('escalated', 12 * H + 2, 'creatinine', 'high', 'active', 12 * H, 1)
s.x('escalated', 12 * H + 5, 'creatinine', 'high', 'active', 12 * H, 2)
s.x('updated', 24 * H, 'creatinine', 'medium', 'active', 12 * H, 2)
s.x('updated', 36 * H, 'creatinine', 'low', 'active', 12 * H, 2)
s.x('resolved', 48 * H, 'creatinine', 'low', 'resolved', 12 * H, 2)

# ---------- An alert carried into a rebuilt state ----------
s = sc('oliguria-carried-alert-not-resolved-by-older-urine',
       'OLIGURIA §6.4 across a late-data rebuild: hourly urine 60 mL, then 5 mL/h from 7 h -> O2 MEDIUM at 8 h, O3 absolute '
       '(40 mL in 8 h) HIGH at 14 h; 1-min vitals from 6 h prune the 6-h vitals history past the alert onset, so a late vitals '
       'reading (15:30:30, sent after 16:00) rebuilds the patient with the alert carried over. Urine from before the onset '
       '(60 mL/h at 1-6 h) must not resolve it: the rebuild changes nothing (before: "resolved" at 2 h, before its own onset, '
       'and the episode raised again under a second id)')
s.admit()
for h in range(1, 7): urine(s, h, 60)
vit = dict(sbp=120, dbp=75, map=90, hr=80, spo2=97, method='nibp')
m = 6 * H
for h in range(7, 17):
    while m < h * H:
        s.v(m, **vit); m += 1
    urine(s, h, 5)
s.v(16 * H, **vit)
s.v(15 * H + 30.5, **vit)
s.x('raised', 8 * H, 'oliguria', 'medium', 'active', 8 * H)
s.x('escalated', 8 * H + 10, 'oliguria', 'medium', 'active', 8 * H, 1)
s.x('updated', 14 * H, 'oliguria', 'high', 'active', 8 * H, 1)
s.x('escalated', 14 * H + 5, 'oliguria', 'high', 'active', 8 * H, 2)

FAMILY.write()
