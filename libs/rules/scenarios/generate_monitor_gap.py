"""
Scenario streams for the monitor RR feed's DATA_GAP (CLINICAL_RULES.md §10: "monitor rhythm/RR 5 min
when the patient has a monitor feed"; issue 15). An RR batch is stamped with its last beat and sent
when complete, so the feed's expected interval is the longer of 5 min and the latest batch's span.

Expectations are written by hand from §10, not captured from the engine; each stream fails on the
engine before the monitor gap (a58ec2f). Run `python3 libs/rules/scenarios/generate_monitor_gap.py`
(it also rewrites the base scenarios of generate.py, unchanged); commit the generated files.
"""
import generate as g

MS = 1 / 60000  # one millisecond, in minutes
FAMILY = g.Family('monitor-gap')
sc = FAMILY.sc


def sinus(n, ms=800):
    """n regular beats at 75/min (no AF, no ectopy)."""
    return [ms] * n


s = sc('monitor-rr-gap-one-minute-batches', '§10 DATA_GAP on the monitor RR feed: 1-min RR batches for 10 min; a batch exactly 5 min after the last is on time (no gap); then 6 min of silence -> LOW DATA_GAP 5 min + 1 ms after the last beat; the late batch brings the feed back (re-stated, still open: §6.0 hysteresis), the next one a minute later resolves it')
s.admit()
end = g.rr_batches(s, 0, sinus(750), batch=75)          # 0 .. 10 min, one batch a minute
end = g.rr_batches(s, end + 4, sinus(75), batch=75)      # next batch ends 5 min after the last: on time
end2 = g.rr_batches(s, end + 5, sinus(75), batch=75)     # 6 min of silence before this one arrives
end3 = g.rr_batches(s, end2, sinus(75), batch=75)        # back on cadence: the next batch a minute later
s.tick(end3 + 1)
s.x('raised', end + 5 + MS, 'data_gap', 'low', 'active', end + 5 + MS)
s.x('updated', end2, 'data_gap', 'low', 'active', end + 5 + MS)
s.x('resolved', end3, 'data_gap', 'low', 'resolved', end + 5 + MS)

s = sc('monitor-rr-gap-ten-minute-batches', '§10 DATA_GAP with a monitor that batches 10 min of beats: silent 10 min between batches by design, no gap (a fixed 5 min would alarm on every batch); a batch 12 min late -> LOW DATA_GAP 10 min + 1 ms after the last beat, not 5; the next batch exactly 10 min after the late one is on cadence and resolves it')
s.admit()
end = g.rr_batches(s, 0, sinus(3000), batch=750)         # four 10-min batches, 0 .. 40 min
late = g.rr_batches(s, end + 2, sinus(750), batch=750)   # covers 42 .. 52 min: 12 min after the last beat
again = g.rr_batches(s, late, sinus(750), batch=750)     # 52 .. 62 min: exactly its 10-min cadence, on time
s.tick(again + 1)
s.x('raised', end + 10 + MS, 'data_gap', 'low', 'active', end + 10 + MS)
s.x('updated', late, 'data_gap', 'low', 'active', end + 10 + MS)
s.x('resolved', again, 'data_gap', 'low', 'resolved', end + 10 + MS)

s = sc('monitor-rr-feed-stops', '§10 DATA_GAP: the monitor feed stops (patient off the monitor) while charted vitals go on hourly -> LOW DATA_GAP for the RR feed only, open until the feed is back on cadence')
s.admit()
end = g.rr_batches(s, 0, sinus(750), batch=75)
for m in (60, 120): s.v(m, sbp=118, hr=80)
s.tick(121)
s.x('raised', end + 5 + MS, 'data_gap', 'low', 'active', end + 5 + MS)

FAMILY.write()
