"""
Scenario streams for CLINICAL_RULES.md §10 (issue 15: alerts at the ward's real charting cadence).

Expectations are written by hand from §10, not captured from the engine. Each stream is charted at
a real ward cadence (15-min cuff cycling, hourly, 2-hourly, 4-hourly) and each fails on the engine
as §6 first had it. Run `python3 libs/rules/scenarios/generate_ward_cadence.py` (it also rewrites
the base scenarios of generate.py, unchanged); commit the generated files.
"""
import generate as g
from generate import iso, dose

H = 60
MS = 1 / 60000  # one millisecond, in minutes
FAMILY = g.Family('ward-cadence')
sc = FAMILY.sc


# ---------- §10 intermittent readings, any gap ----------
s = sc('cadence-hypotension-hourly-nibp', '§10 HYPOTENSION charted hourly: SBP 84 at 08:00 raises a LOW recheck prompt, SBP 83 at 09:00 confirms MEDIUM (the pair no longer needs to be ≤15 min apart)')
s.admit(); s.v(0, sbp=84, dbp=50, hr=88); s.v(H, sbp=83, dbp=49, hr=90)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('updated', H, 'hypotension', 'medium', 'active', 0)
s.x('escalated', H + 10, 'hypotension', 'medium', 'active', 0, 1)
s.tick(H + 11)

s = sc('cadence-hypotension-2hourly-rechecked-normal', '§10 HYPOTENSION charted 2-hourly: SBP 86 prompts a recheck; the repeat 2 h later is normal and resolves the prompt; nothing escalates')
s.admit(); s.v(0, sbp=86, hr=90); s.v(2 * H, sbp=104, hr=88); s.tick(3 * H)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('resolved', 2 * H, 'hypotension', 'low', 'resolved', 0)

s = sc('cadence-hypotension-4hourly', '§10 HYPOTENSION charted 4-hourly: SBP 85 and 4 h later SBP 84 (exactly the staleness limit) confirm MEDIUM; no DATA_GAP (4 h is on time)')
s.admit(); s.v(0, sbp=85, hr=92); s.v(4 * H, sbp=84, hr=95)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('updated', 4 * H, 'hypotension', 'medium', 'active', 0)

s = sc('cadence-hypotension-stale-pair', '§10 HYPOTENSION: two low readings 4 h 30 min apart are beyond the staleness limit: the first prompt lapses at 4 h, the second prompts again')
s.admit(); s.v(0, sbp=84); s.v(2 * H, hr=80); s.v(4 * H, hr=82); s.v(4 * H + 30, sbp=84)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('resolved', 4 * H + MS, 'hypotension', 'low', 'resolved', 0)
s.x('raised', 4 * H + 30, 'hypotension', 'low', 'active', 4 * H + 30)

s = sc('cadence-hypotension-15min-cuff', '§10 HYPOTENSION with the cuff cycling every 15 min: SBP 88, 87 confirm at the second reading; two normal readings resolve')
s.admit()
for i, v in enumerate([88, 87, 86, 96, 98]): s.v(15 * i, sbp=v, map=70)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('updated', 15, 'hypotension', 'medium', 'active', 0)
s.x('escalated', 25, 'hypotension', 'medium', 'active', 0, 1); s.x('resolved', 60, 'hypotension', 'medium', 'resolved', 0, 1)

s = sc('cadence-hypotension-arterial-spot-hourly', '§10 HYPOTENSION from charted arterial values (hourly spot values, not a 5-s stream): MAP 62 then MAP 61 an hour later confirm MEDIUM')
s.admit(); s.v(0, sbp=96, map=62, method='arterial'); s.v(H, sbp=95, map=61, method='arterial')
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('updated', H, 'hypotension', 'medium', 'active', 0)

s = sc('cadence-tachycardia-2hourly', '§10 TACHYCARDIA charted 2-hourly: HR 136 prompts, HR 134 two hours later confirms HIGH; two calm readings (≥15 min apart) resolve')
s.admit(); s.v(0, hr=136); s.v(2 * H, hr=134); s.v(4 * H, hr=92); s.v(6 * H - 30, hr=90)
s.x('raised', 0, 'tachycardia', 'low', 'active', 0); s.x('updated', 2 * H, 'tachycardia', 'high', 'active', 0)
s.x('escalated', 2 * H + 2, 'tachycardia', 'high', 'active', 0, 1); s.x('escalated', 2 * H + 5, 'tachycardia', 'high', 'active', 0, 2)
s.x('resolved', 6 * H - 30, 'tachycardia', 'high', 'resolved', 0, 2)

s = sc('cadence-hypoxia-spot-hourly', '§10 HYPOXIA from hourly spot SpO2: 88% prompts, 87% an hour later confirms MEDIUM (the 30-s continuous sustain can never be met by a chart)')
s.admit(); s.v(0, spo2=88); s.v(H, spo2=87)
s.x('raised', 0, 'hypoxia', 'low', 'active', 0); s.x('updated', H, 'hypoxia', 'medium', 'active', 0)
s.x('escalated', H + 10, 'hypoxia', 'medium', 'active', 0, 1)
s.tick(H + 11)

s = sc('cadence-fever-4hourly', '§10 FEVER charted 4-hourly after a dose: 38.2 °C at +1 h prompts, 38.4 °C at +5 h confirms (LOW, within 6 h of the dose: expected)')
s.admit(); dose(s, 0, 1); s.v(H, temp=38.2); s.v(5 * H, temp=38.4)
s.x('raised', H, 'fever', 'low', 'active', H); s.x('updated', 5 * H, 'fever', 'low', 'active', H)

# ---------- §10 artefacts ----------
s = sc('artefact-cuff-zero-no-alert', '§10 artefact: a cuff reading of SBP 0 / DBP 0, and one with DBP ≥ SBP, are stored but raise nothing; the next plausible reading is the first of a pair')
s.admit(); s.v(0, sbp=0, dbp=0, hr=88); s.v(5, sbp=60, dbp=62); s.v(H, sbp=110, dbp=70)

s = sc('artefact-between-pair', '§10 artefact: SBP 0 between two low readings neither breaks nor completes the pair; HR 0 and SpO2 40 alone never alarm')
s.admit(); s.v(0, sbp=84); s.v(30, sbp=0, hr=0, spo2=40); s.v(60, sbp=83); s.v(90, hr=0, spo2=40, temp=25.0)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('updated', 60, 'hypotension', 'medium', 'active', 0); s.x('escalated', 70, 'hypotension', 'medium', 'active', 0, 1)

# ---------- §10 resolve exactly as written ----------
s = sc('hypotension-c3-steps-down', '§10 resolve: baseline SBP 130; SBP 84 ×2 hourly → MEDIUM; SBP 98 ×2 (C1 clear, C3 <104 still holds) steps the alert down to LOW; SBP 110, 112 resolve it')
s.admit(sbp=130, map=90)
for i, v in enumerate([84, 84, 98, 98, 110, 112]): s.v(H * i, sbp=v)
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('updated', H, 'hypotension', 'medium', 'active', 0)
s.x('escalated', H + 10, 'hypotension', 'medium', 'active', 0, 1)
s.x('updated', 3 * H, 'hypotension', 'low', 'active', 0, 1); s.x('resolved', 5 * H, 'hypotension', 'low', 'resolved', 0, 1)

# ---------- §10 DOSE_GATE never says nothing ----------
def charted(s, vitals, extra=None, end=8 * H, urine=True, creatinine=True):
    """A patient charted in time order from 3 h before dose 1 (given at 0) to `end`: 30-min urine
    collections (60 mL/h), a creatinine at +3.5 h, vitals from `vitals(m)` (None: none at m), and
    `extra[m]` (a function of s) at minute m, every 30 min."""
    s.admit(-4 * H)
    for m in range(-3 * H, end + 1, 30):
        if urine: s.ev('urine', m, volumeMl=30, periodStart=iso(m - 30))
        if m == 0: dose(s, 0, 1)
        if creatinine and m == 210: s.ev('lab', m, code='CREAT', value=0.9, unit='mg/dL')
        if extra and m in extra: extra[m](s)
        v = vitals(m)
        if v: s.v(m, **v)


s = sc('gate-hourly-sbp84-hr118', '§10 DOSE_GATE, the case from the ward data: SBP 84 and HR 118 charted hourly for 8 h after dose 1 -> HOLD at T-2 h and at T_dose (it was silent); tachycardia is not counted while hypotension is uncorrected [D14]')
charted(s, lambda m: dict(sbp=84, dbp=52, hr=118) if m >= 0 and m % H == 0 and m <= 7 * H else None, extra={8 * H: lambda s: dose(s, 8 * H, 2, 'held')})
s.x('raised', 0, 'hypotension', 'low', 'active', 0); s.x('raised', 0, 'tachycardia', 'low', 'active', 0)
s.x('updated', H, 'hypotension', 'medium', 'active', 0); s.x('updated', H, 'tachycardia', 'low', 'active', 0)
s.x('escalated', H + 10, 'hypotension', 'medium', 'active', 0, 1)
s.x('raised', 6 * H, 'dose_gate', 'medium', 'active', 6 * H); s.x('escalated', 6 * H + 10, 'dose_gate', 'medium', 'active', 6 * H, 1)
s.x('updated', 8 * H, 'dose_gate', 'medium', 'active', 6 * H, 1); s.x('resolved', 8 * H, 'dose_gate', 'medium', 'resolved', 6 * H, 1)

s = sc('gate-data-missing', '§10 DOSE_GATE: fresh normal vitals but no urine output and no creatinine -> "HOLD — data missing" (MEDIUM) at T-2 h and T_dose; no dose documented, it closes 2 h after T_dose')
charted(s, lambda m: dict(sbp=118, hr=88) if m >= 0 and m % H == 0 else None, end=10 * H, urine=False, creatinine=False)
s.x('raised', 6 * H, 'dose_gate', 'medium', 'active', 6 * H); s.x('escalated', 6 * H + 10, 'dose_gate', 'medium', 'active', 6 * H, 1)
s.x('updated', 8 * H, 'dose_gate', 'medium', 'active', 6 * H, 1); s.x('resolved', 10 * H, 'dose_gate', 'medium', 'resolved', 6 * H, 1)

s = sc('gate-stale-vitals-then-fresh', '§10 DOSE_GATE: last vitals 2 h 40 min old at T-2 h -> "HOLD — data missing"; vitals charted again before T_dose -> PROCEED-CHECK (the alert steps down to LOW), closed by the dose')
charted(s, lambda m: dict(sbp=118, hr=88) if (m >= 0 and m <= 200 and m % H == 0) or m in (420, 450) else None, extra={8 * H: lambda s: dose(s, 8 * H, 2)})
s.x('raised', 6 * H, 'dose_gate', 'medium', 'active', 6 * H); s.x('escalated', 6 * H + 10, 'dose_gate', 'medium', 'active', 6 * H, 1)
s.x('updated', 8 * H, 'dose_gate', 'low', 'active', 6 * H, 1); s.x('resolved', 8 * H, 'dose_gate', 'low', 'resolved', 6 * H, 1)

s = sc('gate-p2-pressor-normal-bp', '§10 DOSE_GATE: phenylephrine 1.8 ug/kg/min (P2, [D14] absolute) with normal BP -> STOP-REVIEW (HIGH), not HOLD')
charted(s, lambda m: dict(sbp=112, hr=90) if m >= 0 and m % H == 0 else None, extra={90: lambda s: s.ev('pressor', 90, drug='phenylephrine', rateMcgKgMin=1.8), 8 * H: lambda s: dose(s, 8 * H, 2, 'held')})
s.x('raised', 90, 'hypotension', 'medium', 'active', 90); s.x('escalated', 100, 'hypotension', 'medium', 'active', 90, 1)
s.x('raised', 6 * H, 'dose_gate', 'high', 'active', 6 * H); s.x('escalated', 6 * H + 2, 'dose_gate', 'high', 'active', 6 * H, 1); s.x('escalated', 6 * H + 5, 'dose_gate', 'high', 'active', 6 * H, 2)
s.x('updated', 8 * H, 'dose_gate', 'high', 'active', 6 * H, 2); s.x('resolved', 8 * H, 'dose_gate', 'high', 'resolved', 6 * H, 2)

hr = {240: 90, 270: 92, 300: 135, 330: 135, 360: 134, 390: 95, 420: 92, 450: 90}
s = sc('gate-tachycardia-judged-at-gate', '§10 DOSE_GATE: HR 135 charted every 30 min (rigors) persists at T-2 h with BP normal and no fever -> STOP-REVIEW; HR back to 90-95 by T_dose -> PROCEED-CHECK (steps down to LOW), dose given')
charted(s, lambda m: dict(sbp=116, hr=hr[m]) if m in hr else None, extra={8 * H: lambda s: dose(s, 8 * H, 2)})
s.x('raised', 300, 'tachycardia', 'low', 'active', 300); s.x('updated', 330, 'tachycardia', 'high', 'active', 300)
s.x('escalated', 332, 'tachycardia', 'high', 'active', 300, 1); s.x('escalated', 335, 'tachycardia', 'high', 'active', 300, 2)
s.x('raised', 6 * H, 'dose_gate', 'high', 'active', 6 * H); s.x('escalated', 6 * H + 2, 'dose_gate', 'high', 'active', 6 * H, 1); s.x('escalated', 6 * H + 5, 'dose_gate', 'high', 'active', 6 * H, 2)
s.x('resolved', 420, 'tachycardia', 'high', 'resolved', 300, 2)
s.x('updated', 8 * H, 'dose_gate', 'low', 'active', 6 * H, 2); s.x('resolved', 8 * H, 'dose_gate', 'low', 'resolved', 6 * H, 2)

# ---------- §10 urine by site, weight events, creatinine floor, weight plausibility, hourly oliguria ----------
def urine(s, start, end, ml, site=None):
    f = dict(volumeMl=ml, periodStart=iso(start))
    if site: f['site'] = site
    s.ev('urine', end, **f)


s = sc('urine-two-sites-correction', '§10 urine by site: catheter 10 + left nephrostomy 10 mL each hour add up to 20 mL/h (no O1); the catheter\'s first hour corrected to 12 mL replaces only the catheter record (it replaced the nephrostomy one, or was replaced by it)')
s.admit()
urine(s, 0, 60, 10, 'catheter'); urine(s, 0, 60, 10, 'nephrostomy-left'); urine(s, 0, 60, 12, 'catheter')
urine(s, 60, 120, 10, 'catheter'); urine(s, 60, 120, 10, 'nephrostomy-left')

s = sc('oliguria-weight-event-kdigo', '§10 weight for mL/kg from a weight event: admitted without a weight, weighed 50 kg; 24 mL/h hourly for 6 h = 0.48 mL/kg/h -> KDIGO stage 1 (LOW) at 6 h (the weight event was never used before)')
s.ev('admit', -60, wardId='W-ONC-4', bed='12'); s.ev('weight', -30, kg=50)
for k in range(1, 7): urine(s, (k - 1) * H, k * H, 24)
s.x('raised', 6 * H, 'oliguria', 'low', 'active', 6 * H)

s = sc('oliguria-2hourly-o1-low', '§10 hourly oliguria at a 2-hourly urine chart: 20 mL per 2 h is 10 mL/h in each hour -> O1 LOW (it was MEDIUM); O2 (<10 mL/h) is MEDIUM (it was HIGH)')
s.admit()
urine(s, 0, 2 * H, 20); urine(s, 2 * H, 4 * H, 16)
s.x('raised', 2 * H, 'oliguria', 'low', 'active', 2 * H); s.x('updated', 4 * H, 'oliguria', 'medium', 'active', 2 * H)
s.x('escalated', 4 * H + 10, 'oliguria', 'medium', 'active', 2 * H, 1)
s.tick(4 * H + 11)

s = sc('creatinine-baseline-floor', '§10 creatinine: 0.2 then 0.4 mg/dL is a doubling of a baseline below the 0.6 mg/dL floor: not KDIGO stage 2 (it raised MEDIUM), and the +0.2 rise is under 0.3 mg/dL')
s.admit(); s.ev('lab', 0, code='CREAT', value=0.2, unit='mg/dL'); s.ev('lab', 24 * H, code='CREAT', value=0.4, unit='mg/dL')

s = sc('weight-implausible-unconfirmed', '§10 weight plausibility: admitted 70 kg, 82 kg 2 h later (+17% within 24 h) is held until confirmed; the next weight (70.5 kg) does not confirm it -> no alert (it raised MEDIUM)')
s.admit(); s.ev('weight', 2 * H, kg=82); s.ev('weight', 5 * H, kg=70.5)

FAMILY.write()
