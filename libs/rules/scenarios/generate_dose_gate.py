"""
Scenario streams for the DOSE_GATE record when a dose is documented just before its T − 2 h checkpoint
(CLINICAL_RULES.md §10 "DOSE_GATE never says nothing" and "the result must not depend on arrival order";
§6.12 "Resolve: the dose is given or documented as held").

Dose 1 at 08:00, so dose 2's T − 2 h checkpoint is 14:00; dose 2 is documented as given at 13:59:55.
No decision preceded it in effective time, so the gate decides at the dose from the latest readings
(no urine or creatinine charted: "HOLD — data missing", MEDIUM) and keeps that record open until the
checkpoint it pre-empted (14:00), then closes it with the outcome: never silent, never opened and closed
at one instant. Charted late (arriving after the 14:00 checkpoint decided), the published 14:00 decision
is withdrawn (CANCELLED, audited) and the same record replaces it.

Expectations are written by hand from §10, not captured from the engine; each stream fails on the
engine before this change (87b32cd): in order it recorded no decision for dose 2, charted late it left
only the cancelled one. Run `python3 libs/rules/scenarios/generate_dose_gate.py`; commit the generated files.
"""
import generate as g
from generate import dose

H = 60
SEC = 1 / 60
FAMILY = g.Family('dose-gate')
sc = FAMILY.sc


def before_checkpoint(s):
    """Dose 1 at 08:00 and one normal reading at 13:30 (fresh BP and HR, no urine, no creatinine)."""
    s.admit(); dose(s, 0, 1); s.v(5.5 * H, sbp=118, dbp=74, map=88, hr=82)


def early_record(s):
    """The record of dose 2: decided at the dose (13:59:55), closed at the checkpoint it pre-empted (14:00)."""
    s.x('raised', 6 * H - 5 * SEC, 'dose_gate', 'medium', 'active', 6 * H - 5 * SEC)
    s.x('resolved', 6 * H, 'dose_gate', 'medium', 'resolved', 6 * H - 5 * SEC)


s = sc('gate-dose-before-checkpoint-in-order',
       'DOSE_GATE §10: dose 2 documented as given at 13:59:55, 5 s before its T-2 h checkpoint, in order: the gate decides at the '
       'dose (HOLD - data missing: no urine, no creatinine) and closes that record at 14:00 with the outcome given (before: no '
       'decision at all for dose 2)')
before_checkpoint(s); dose(s, 6 * H - 5 * SEC, 2); s.tick(6 * H); s.tick(6 * H + 30 * SEC); s.tick(6.5 * H)
early_record(s)

s = sc('gate-dose-before-checkpoint-charted-late',
       'DOSE_GATE §10: the same dose 2 (given 13:59:55) charted at 14:00:30, after the 14:00 checkpoint published HOLD - data missing: '
       'the late-data rebuild withdraws that decision (CANCELLED, audited) and gives the record of the in-order stream, resolved '
       'with the outcome given (before: only the cancelled decision, no record of dose 2)')
before_checkpoint(s); s.tick(6 * H); s.tick(6 * H + 30 * SEC); dose(s, 6 * H - 5 * SEC, 2); s.tick(6.5 * H)
s.x('raised', 6 * H, 'dose_gate', 'medium', 'active', 6 * H)
early_record(s)
s.x('cancelled', 6 * H + 30 * SEC, 'dose_gate', 'medium', 'cancelled', 6 * H)

FAMILY.write()
