"""
Scenario streams for CLINICAL_RULES.md §10 "Oxygen" (issue 15, point 6): vitals carry oxygen support
(flow L/min, FiO2 %, device) and HYPOXIA's H2–H4 judge it (§6.9).

Expectations are written by hand from §6.9 and §10, not captured from the engine; each stream fails
on the engine before oxygen support (a58ec2f), which dropped FiO2 and the device. Run
`python3 libs/rules/scenarios/generate_oxygen.py` (it also rewrites the base scenarios of
generate.py, unchanged); commit the generated files.
"""
import generate as g

H = 60
FAMILY = g.Family('oxygen')
sc = FAMILY.sc


def high(s, at, opened, rule='hypoxia'):
    """A HIGH alert raised at `at`: nurse at +2 min, physician at +5 min (§4.2, unacknowledged)."""
    s.x('raised', at, rule, 'high', 'active', opened)
    s.x('escalated', at + 2, rule, 'high', 'active', opened, 1)
    s.x('escalated', at + 5, rule, 'high', 'active', opened, 2)


s = sc('oxygen-fio2-40-mask-high', '§6.9 H3 [D14 absolute] with §10 oxygen: SpO2 95-96% kept on a mask at FiO2 40%, charted at 0 and 30 min -> HYPOXIA HIGH once documented 30 min (FiO2 was dropped by the contract)')
s.admit(); s.v(0, spo2=95, fio2Pct=40, o2Device='mask'); s.v(30, spo2=96, fio2Pct=40, o2Device='mask'); s.tick(40)
high(s, 30, 30)

s = sc('oxygen-fio2-35-venturi-no-alert', '§6.9: FiO2 35% by Venturi mask is below the H3 band (40%) and is no flow band: no HYPOXIA; the device alone charted at 2 h is a valid vitals event (it was refused: no measurement)')
s.admit(); s.v(0, spo2=95, fio2Pct=35, o2Device='mask'); s.v(H, spo2=95, fio2Pct=35); s.v(2 * H, o2Device='mask'); s.v(2 * H + 30, spo2=94, fio2Pct=35, o2Device='mask')
# No alert expected. Before, the device-only chart at 2 h was refused (no measurement) and the replay stopped there.

s = sc('oxygen-non-rebreather-2hourly-high', '§6.9 H4 with §10 oxygen at a 2-hourly chart: SpO2 94% on a non-rebreather mask charted at 0 and 2 h (no flow given) -> HYPOXIA HIGH at 2 h')
s.admit(); s.v(0, spo2=94, o2Device='non-rebreather'); s.v(2 * H, spo2=95, o2Device='non-rebreather'); s.tick(2 * H + 10)
high(s, 2 * H, 2 * H)

s = sc('oxygen-intubated-high-at-once', '§6.9 "Intubation is always HIGH": a vitals chart saying intubated (FiO2 50%, SpO2 97%) raises HYPOXIA HIGH at once, without the 30-min documentation')
s.admit(); s.v(0, spo2=97, fio2Pct=50, o2Device='intubated'); s.tick(10)
high(s, 0, 0)

s = sc('oxygen-room-air-resolves', '§6.9 resolve with §10 oxygen: nasal cannula 5 L/min charted hourly -> HIGH at 1 h; weaned to room air at 2 h (no flow charted, the device says it) with SpO2 96%: SpO2 has been >90% for 2 h and O2 is falling -> resolved at 2 h (the 5 L/min stayed in force before, and nothing resolved)')
s.admit(); s.v(0, spo2=95, o2FlowLpm=5, o2Device='nasal-cannula'); s.v(H, spo2=95, o2FlowLpm=5, o2Device='nasal-cannula')
s.v(2 * H, spo2=96, o2Device='room-air'); s.v(2 * H + 15, spo2=97)
high(s, H, H); s.x('resolved', 2 * H, 'hypoxia', 'high', 'resolved', H, 2)

s = sc('oxygen-device-escalation-holds-resolve', '§6.9 "resolve on stable or falling O2": SpO2 88%, 87% hourly -> MEDIUM; at 2 h SpO2 96% but on a non-rebreather mask (an escalation; no flow charted) -> not resolved by the good SpO2 (it was at 2 h 15), HIGH after 30 min on it')
s.admit(); s.v(0, spo2=88); s.v(H, spo2=87)
for m in (2 * H, 2 * H + 15, 2 * H + 30): s.v(m, spo2=96, o2Device='non-rebreather')
s.tick(2 * H + 40)
s.x('raised', 0, 'hypoxia', 'low', 'active', 0); s.x('updated', H, 'hypoxia', 'medium', 'active', 0)
s.x('escalated', H + 10, 'hypoxia', 'medium', 'active', 0, 1)
# Level 1 (the nurse) was already reached on MEDIUM: only the physician level remains.
s.x('updated', 2 * H + 30, 'hypoxia', 'high', 'active', 0, 1)
s.x('escalated', 2 * H + 35, 'hypoxia', 'high', 'active', 0, 2)

FAMILY.write()
