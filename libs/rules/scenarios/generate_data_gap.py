"""
Scenario streams for DATA_GAP hysteresis (issue 15, alarm burden): CLINICAL_RULES.md §6.0 "Hysteresis:
resolve needs the reverse condition held for the resolve window" applied to §10's DATA_GAP (strictly
longer than the ward's interval: vitals 4 h, urine 3 h). An input that arrives again after its gap is
back, but the alert stays open (re-stated, `updated`, no new alarm) until the next reading arrives within
the interval of the first; an input overdue again while the alert is open is the same condition going on.

Expectations are written by hand from those sections, not captured from the engine; each stream fails
on the engine before this change (7543c3d), which resolved the gap on the first reading back and raised
a new alert at the next gap. Run `python3 libs/rules/scenarios/generate_data_gap.py` (it also rewrites
the base scenarios of generate.py, unchanged); commit the generated files.
"""
import generate as g

H = 60
MS = 1 / 60000  # one millisecond, in minutes
FAMILY = g.Family('data-gap')
sc = FAMILY.sc


def urine(s, hour, ml, span=1):
    """Catheter urine for the `span` hours ending at `hour`, charted at its end."""
    s.ev('urine', hour * H, volumeMl=ml, periodStart=g.iso((hour - span) * H), site='catheter')


def vitals(s, hour):
    s.v(hour * H, sbp=118, map=80, hr=82)


def charted(s, vitals_at, urine_at):
    """Vitals and urine charted at these hours, in time order (vitals first within an hour), each arriving when charted."""
    for h in sorted(set(vitals_at) | set(urine_at)):
        if h in vitals_at: vitals(s, h)
        if h in urine_at: urine(s, h, *urine_at[h])


s = sc('data-gap-urine-4hourly-one-alert',
       'DATA_GAP §6.0 hysteresis on a 3-h urine ward: urine charted every 4 h (240 mL, 0.86 mL/kg/h) with vitals every 2 h. '
       'The first chart is at 12:00; the gap opens 3 h + 1 ms after it (15:00:00.001); each 4-hourly chart brings urine back (re-stated), but '
       'the next is never within 3 h, so it goes overdue again (re-stated) and the alert stays open: one alert for the day, no '
       'resolve. Before: raised at 3 h and resolved at the next chart, every 4 h (5 alerts)')
s.admit()
charted(s, range(0, 25, 2), {h: (240, 4) for h in range(4, 25, 4)})
s.tick(24 * H + 30)
opened = 7 * H + MS
s.x('raised', opened, 'data_gap', 'low', 'active', opened)
for h in range(8, 25, 4):
    s.x('updated', h * H, 'data_gap', 'low', 'active', opened)            # back: one reading, awaiting a second within 3 h
    if h + 3 <= 24.5: s.x('updated', (h + 3) * H + MS, 'data_gap', 'low', 'active', opened)  # overdue again, same alert

s = sc('data-gap-urine-back-hourly-resolves-on-second',
       'DATA_GAP §6.0 hysteresis: hourly urine to 11:00, none charted until 15:00 (gap raised at 14:00:00.001), then hourly '
       'again. The 15:00 reading brings urine back (re-stated, still open); the 16:00 one, within 3 h of it, is the second '
       'on-cadence reading and resolves it ("back on cadence: 2 readings within 3 h"). Before: resolved at 15:00 on one reading')
s.admit()
charted(s, range(0, 11, 2), {h: (60, 1) for h in (1, 2, 3, 7, 8, 9, 10)})
s.x('raised', 6 * H + MS, 'data_gap', 'low', 'active', 6 * H + MS)
s.x('updated', 7 * H, 'data_gap', 'low', 'active', 6 * H + MS)
s.x('resolved', 8 * H, 'data_gap', 'low', 'resolved', 6 * H + MS)

s = sc('data-gap-vitals-and-urine-together',
       'DATA_GAP §6.0 hysteresis with two inputs: vitals every 2 h and urine hourly to 10:00, then nothing. Urine is overdue at '
       '13:00:00.001 (raised); vitals at 14:00:00.001 join the same alert (re-stated, no new alarm). Both come back at 15:00 '
       '(each re-stated); at 16:00 vitals are back on cadence (re-stated: urine still awaits its second reading) and the urine '
       'at 16:00 resolves it. Before: the vitals at 15:00 cleared them, the urine at 15:00 resolved the alert on one reading')
s.admit()
charted(s, (0, 2, 7, 8), {1: (60, 1), 2: (60, 1), 7: (300, 5), 8: (60, 1)})
opened = 5 * H + MS
s.x('raised', opened, 'data_gap', 'low', 'active', opened)
s.x('updated', 6 * H + MS, 'data_gap', 'low', 'active', opened)
s.x('updated', 7 * H, 'data_gap', 'low', 'active', opened)
s.x('updated', 7 * H, 'data_gap', 'low', 'active', opened)
s.x('updated', 8 * H, 'data_gap', 'low', 'active', opened)
s.x('resolved', 8 * H, 'data_gap', 'low', 'resolved', opened)

FAMILY.write()
