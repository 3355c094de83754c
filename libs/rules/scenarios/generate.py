"""
Writes the scenario streams (*.ndjson) and their expected transitions (*.expected.ndjson).

The expectations below are written by hand from CLINICAL_RULES.md, not captured from the engine:
the scenario suite (apps/cli/src/scenarios.spec.ts) then checks the engine against them. Run
`python3 libs/rules/scenarios/generate.py` after editing; commit the generated files. With a folder as
its argument it writes there instead (apps/cli/src/scenarios-generated.spec.ts compares the committed
files with a fresh run, so a file edited by hand and not in the generator fails the suite).
"""
import json, math, os
from datetime import datetime, timedelta, timezone
import sys
OUT=sys.argv[1] if len(sys.argv)>1 else os.path.dirname(os.path.abspath(__file__))
T0=datetime(2026,11,26,8,0,0,tzinfo=timezone.utc)
def iso(m):
    d=T0+timedelta(milliseconds=round(m*60000))
    return d.strftime('%Y-%m-%dT%H:%M:%S.')+f"{d.microsecond//1000:03d}Z"

class S:
    def __init__(s,name,desc,pid='P1'):
        s.name=name; s.lines=[{"_comment":desc}]; s.exp=[]; s.n=0; s.pid=pid
    def ev(s,typ,m,pid=None,id=None,**f):
        s.n+=1
        e={"id":id or f"{s.name}-{s.n}","patientId":pid or s.pid,"time":iso(m),"type":typ}
        e.update(f); s.lines.append(e); return e
    def admit(s,m=-60,pid=None,ward='W-ONC-4',bed='12',kg=70,**b):
        f=dict(wardId=ward,bed=bed,weightKg=kg)
        if b: f['baseline']=b
        return s.ev('admit',m,pid=pid,**f)
    def v(s,m,pid=None,id=None,**f): return s.ev('vitals',m,pid=pid,id=id,**f)
    def tick(s,m): s.lines.append({"type":"tick","time":iso(m)})
    def x(s,typ,m,rule,sev,state,opened,level=0,pid=None,suffix=''):
        s.exp.append({"type":typ,"at":iso(m),"rule":rule,"severity":sev,"state":state,"id":f"{pid or s.pid}:{rule}:{iso(opened)}{suffix}","escalationLevel":level})
    def write(s):
        with open(f"{OUT}/{s.name}.ndjson",'w') as fh:
            for l in s.lines: fh.write(json.dumps(l,ensure_ascii=False)+'\n')
        with open(f"{OUT}/{s.name}.expected.ndjson",'w') as fh:
            for l in s.exp: fh.write(json.dumps(l)+'\n')

class Family:
    """The streams of one generator module: sc() makes and registers one, write() writes them all."""
    def __init__(self,label): self.label=label; self.streams=[]
    def sc(self,name,desc,pid='P1'):
        s=S(name,desc,pid); self.streams.append(s); return s
    def write(self):
        for s in self.streams: s.write()
        print(len(self.streams),f'{self.label} scenarios')

ALL=[]
def dose(s,m,n,status='given'): s.ev('dose',m,drug='aldesleukin',doseNumber=n,status=status)
def gate_missing(s,due,end=None,upto=None):
    """§10: DOSE_GATE never says nothing. Streams with a dose and no urine, creatinine or fresh vitals get
    'HOLD — data missing' (MEDIUM) at T-2 h, escalated at +10 min, restated at T_dose, closed by the
    next documented dose (`end`) or 2 h after T_dose; `upto` cuts the list where the stream ends."""
    pre=due-120
    for typ,m,lvl in [('raised',pre,0),('escalated',pre+10,1),('updated',due,1),('resolved',end if end is not None else due+120,1)]:
        if upto is None or m<=upto: s.x(typ,m,'dose_gate','medium','resolved' if typ=='resolved' else 'active',pre,lvl)
def sc(name,desc,pid='P1'):
    s=S(name,desc,pid); ALL.append(s); return s

# ---------- HYPOTENSION ----------
s=sc('hypotension-nibp-medium','HYPOTENSION §6.1: two NIBP readings SBP 84 one minute apart -> one MEDIUM alert (the demo case)')
s.admit(); s.v(0,sbp=84,dbp=50); s.v(1,sbp=84,dbp=50)
# §10: the first qualifying reading raises a LOW recheck prompt; the second confirms it (same id)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0)

s=sc('hypotension-single-reading-no-alert','HYPOTENSION: sustain not met - one NIBP reading SBP 84 raises only the LOW recheck prompt (§10), which the normal repeat resolves')
s.admit(); s.v(0,sbp=84); s.v(5,sbp=104)
s.x('raised',0,'hypotension','low','active',0); s.x('resolved',5,'hypotension','low','resolved',0)

s=sc('hypotension-readings-too-far-apart','HYPOTENSION: two low NIBP readings more than the 4 h staleness limit apart do not pair (§10; 16 min apart now do): the stale prompt resolves, the second reading prompts again')
s.admit(); s.v(0,sbp=84); s.v(16,hr=80); s.v(130,hr=80); s.v(241,sbp=84)
s.x('raised',0,'hypotension','low','active',0); s.x('resolved',240+1/60000,'hypotension','low','resolved',0); s.x('raised',241,'hypotension','low','active',241)

s=sc('hypotension-single-below-70-high','HYPOTENSION: a single NIBP reading SBP <70 is enough, and it is in the HIGH band (<80)')
s.admit(); s.v(0,sbp=66,map=48)
s.x('raised',0,'hypotension','high','active',0)

s=sc('hypotension-map-high-band','HYPOTENSION: MAP <60 on two readings with normal-looking SBP -> HIGH')
s.admit(); s.v(0,sbp=96,map=58); s.v(4,sbp=95,map=59)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',4,'hypotension','high','active',0)

s=sc('hypotension-map-medium-band','HYPOTENSION: MAP 62-64 (<65) with SBP >=90 -> MEDIUM')
s.admit(); s.v(0,sbp=92,map=64); s.v(3,sbp=91,map=62)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',3,'hypotension','medium','active',0)

s=sc('hypotension-severity-raised-at-once','HYPOTENSION: MEDIUM then one reading SBP 78 raises to HIGH at once, no new sustain, same alert id')
s.admit(); s.v(0,sbp=85); s.v(5,sbp=86); s.v(8,sbp=78)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',5,'hypotension','medium','active',0); s.x('updated',8,'hypotension','high','active',0)

s=sc('hypotension-resolve-hysteresis','HYPOTENSION: resolve needs 2 consecutive normal NIBP readings over the 15-min resolve window (§6.0 hysteresis, §6.1); a low reading between resets the count')
s.admit(); s.v(0,sbp=85); s.v(5,sbp=86); s.v(8,sbp=95); s.v(9,sbp=88); s.v(12,sbp=95); s.v(14,sbp=96); s.v(30,sbp=97)
# 08:12 + 08:14 are 2 normal readings but only 2 min of recovery; 08:30 completes the window (18 min).
s.x('raised',0,'hypotension','low','active',0); s.x('updated',5,'hypotension','medium','active',0); s.x('escalated',15,'hypotension','medium','active',0,1)
s.x('resolved',30,'hypotension','medium','resolved',0,1)

s=sc('hypotension-flapping-no-alert','HYPOTENSION: SBP flapping 89/91 every 3 min never gives two consecutive qualifying readings: recheck prompts only (LOW, never escalated), no confirmed alert')
s.admit()
for i,v in enumerate([89,91,89,91,89,91,89]): s.v(i*3,sbp=v)
for m in (0,6,12): s.x('raised',m,'hypotension','low','active',m); s.x('resolved',m+3,'hypotension','low','resolved',m)
s.x('raised',18,'hypotension','low','active',18)

s=sc('hypotension-arterial-60s','HYPOTENSION: arterial line sampled every 5 s at SBP 85 raises MEDIUM once 60 s are covered')
s.admit()
for k in range(0,13): s.v(k*5/60,sbp=85,map=66,method='arterial')
# the line's first sample has no previous one: a spot value, so it prompts; 60 s of samples confirm
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0)

s=sc('hypotension-arterial-gappy-no-sustain','HYPOTENSION: arterial samples 30 s apart cover <80% of the window (gaps >5 s count as missing) -> no confirmed alert, only the first sample\'s recheck prompt')
s.admit()
for k in range(0,5): s.v(k*0.5,sbp=85,method='arterial')
s.x('raised',0,'hypotension','low','active',0)

s=sc('hypotension-arterial-resolve-15min','HYPOTENSION: arterial alert resolves only after 15 min of SBP>=90 and MAP>=65 (samples every 5 s, shown sparsely at the end)')
s.admit()
for k in range(0,13): s.v(k*5/60,sbp=85,map=66,method='arterial')
s.ev('acknowledge',1.5,alertId=f"P1:hypotension:{iso(0)}",by='rn-jones',role='nurse')
for k in range(0,12*15+1): s.v(2+k*5/60,sbp=100,map=75,method='arterial')
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0); s.x('acknowledged',1.5,'hypotension','medium','acknowledged',0)
# Normal from 2 min: no re-notification when the snooze ends at 11.5 (§6.0: only if the condition still holds).
s.x('resolved',17,'hypotension','medium','resolved',0)

s=sc('hypotension-baseline-drop-low','HYPOTENSION: SBP 100 is >=90 but below 80% of the admission baseline 130 -> LOW (C3 alone)')
s.admit(sbp=130,map=90); s.v(0,sbp=100); s.v(10,sbp=101)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',10,'hypotension','low','active',0)

s=sc('hypotension-pressor-started-high','HYPOTENSION: MEDIUM alert, then a vasopressor is started while it is active -> HIGH')
s.admit(); s.v(0,sbp=85); s.v(5,sbp=86); s.ev('pressor',7,drug='norepinephrine',rateMcgKgMin=0.05)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',5,'hypotension','medium','active',0); s.x('updated',7,'hypotension','high','active',0)

s=sc('hypotension-phenylephrine-p2','HYPOTENSION: phenylephrine 1.6 ug/kg/min (P2, [D14] absolute) with SBP <90 -> HIGH')
s.admit(); s.ev('pressor',0,drug='phenylephrine',rateMcgKgMin=1.6); s.v(2,sbp=88); s.v(6,sbp=87)
s.x('raised',0,'hypotension','medium','active',0); s.x('updated',2,'hypotension','high','active',0); s.x('escalated',4,'hypotension','high','active',0,1)

s=sc('hypotension-ack-then-worsening','HYPOTENSION: acknowledged MEDIUM, then SBP 75 -> HIGH and active again (ack does not silence worsening)')
s.admit(); s.v(0,sbp=85); s.v(1,sbp=86)
s.ev('acknowledge',2,alertId=f"P1:hypotension:{iso(0)}",by='dr-smith',role='physician',note='bolus 500 mL',disposition='fluids-given')
s.v(4,sbp=75)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0); s.x('acknowledged',2,'hypotension','medium','acknowledged',0); s.x('updated',4,'hypotension','high','active',0)

s=sc('hypotension-ack-30min-escalates','HYPOTENSION: acknowledged MEDIUM re-notifies after the 10-min snooze, escalates to charge nurse at +10, and becomes HIGH 30 min after ack; then HIGH escalation to physician')
s.admit(); s.v(0,sbp=85); s.v(1,sbp=86)
s.ev('acknowledge',2,alertId=f"P1:hypotension:{iso(0)}",by='rn-lee',role='nurse')
s.tick(40)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0); s.x('acknowledged',2,'hypotension','medium','acknowledged',0)
s.x('updated',12,'hypotension','medium','active',0); s.x('escalated',22,'hypotension','medium','active',0,1)
s.x('updated',32,'hypotension','high','active',0,1); s.x('escalated',37,'hypotension','high','active',0,2)

s=sc('hypotension-duplicates-ignored','HYPOTENSION: the same event id delivered twice is processed once, so it cannot pair with itself')
s.admit(); s.v(0,id='mon-77',sbp=84); s.v(1,id='mon-77',sbp=84); s.v(4,sbp=84)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',4,'hypotension','medium','active',0)

s=sc('hypotension-late-event-raises','HYPOTENSION: a reading stamped 10:05 arrives after one stamped 10:30 (HR only); evaluated on its effective time it confirms the 10:00 recheck prompt retroactively (already escalated by then)')
s.admit(); s.v(0,sbp=84); s.v(30,hr=80); s.v(5,sbp=84)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',15,'hypotension','medium','active',0,1)

s=sc('hypotension-late-event-withdraws','HYPOTENSION: a late normal reading between two low ones breaks the consecutive pair; the alert is cancelled (it should never have been raised)')
s.admit(); s.v(0,sbp=84); s.v(10,sbp=84); s.v(5,sbp=120)
# re-evaluated: the 10:00 prompt was answered by the normal 10:05 reading, and 10:10 is a new prompt
s.x('raised',0,'hypotension','low','active',0); s.x('updated',10,'hypotension','medium','active',0)
s.x('resolved',5,'hypotension','low','resolved',0); s.x('raised',10,'hypotension','low','active',10)

s=sc('hypotension-patient-override','HYPOTENSION: a per-patient SBP target of 85 (TIL24-style) means SBP 87 does not alarm, SBP 84 does; the alert records threshold version 2')
s.admit(); s.ev('thresholds',-30,scope='patient',values={"sbpLow":85},by='dr-smith',reason='patient-specific target BP set on admission')
s.v(0,sbp=87); s.v(5,sbp=87); s.v(10,sbp=84); s.v(15,sbp=84)
s.x('raised',10,'hypotension','low','active',10); s.x('updated',15,'hypotension','medium','active',10)

s=sc('hypotension-ward-override','HYPOTENSION: a ward override SBP <95 applies to patients of that ward only',pid='A')
s.admit(pid='A'); s.admit(pid='B',ward='W-OTHER',bed='3')
s.ev('thresholds',-30,pid='A',scope='ward',wardId='W-ONC-4',values={"sbpLow":95},by='admin',reason='ward policy approved by committee')
s.v(0,pid='A',sbp=92); s.v(1,pid='A',sbp=92); s.v(0,pid='B',sbp=92); s.v(1,pid='B',sbp=92)
s.x('raised',0,'hypotension','low','active',0,pid='A'); s.x('updated',1,'hypotension','medium','active',0,pid='A')

s=sc('hypotension-missing-bp-fields','HYPOTENSION: vitals without SBP or MAP (HR/SpO2 only) neither pair nor break the NIBP sequence')
s.admit(); s.v(0,sbp=84); s.v(2,hr=95,spo2=97); s.v(3,sbp=85)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',3,'hypotension','medium','active',0)

# ---------- LIFECYCLE ----------
s=sc('escalation-high-unacknowledged','LIFECYCLE §6.0: HIGH not acknowledged: charge/secondary nurse at 2 min, physician at 5 min; the due times are exact however coarse the ticks')
s.admit(); s.v(0,sbp=62); s.tick(1); s.tick(10)
s.x('raised',0,'hypotension','high','active',0); s.x('escalated',2,'hypotension','high','active',0,1); s.x('escalated',5,'hypotension','high','active',0,2)

s=sc('escalation-medium-once','LIFECYCLE: MEDIUM not acknowledged escalates once to the charge nurse at 10 min; never further')
s.admit(); s.v(0,sbp=85); s.v(1,sbp=86); s.tick(60)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0); s.x('escalated',11,'hypotension','medium','active',0,1)

s=sc('escalation-ward-shortened','LIFECYCLE: a ward threshold change that shortens MEDIUM escalation to 3 min applies at once to an alert already open, with no further event from the patient')
s.admit(); s.v(0,sbp=85); s.v(1,sbp=86)
s.ev('thresholds',2,scope='ward',wardId='W-ONC-4',values={"escalateMediumMin":3},by='charge-nurse',reason='night staffing: escalate sooner')
s.tick(4.5)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0); s.x('escalated',4,'hypotension','medium','active',0,1)

s=sc('ack-snooze-high','LIFECYCLE: acknowledged HIGH is silenced for 2 min, then notified again (condition still holds) and its escalation clock restarts')
s.admit(); s.v(0,sbp=62); s.ev('acknowledge',1,alertId=f"P1:hypotension:{iso(0)}",by='dr-smith',role='physician'); s.tick(4)
s.x('raised',0,'hypotension','high','active',0); s.x('acknowledged',1,'hypotension','high','acknowledged',0); s.x('updated',3,'hypotension','high','active',0)

s=sc('ack-unknown-alert-ignored','LIFECYCLE: acknowledging an alert id that does not exist changes nothing; the real alert still escalates')
s.admit(); s.v(0,sbp=85); s.v(1,sbp=86); s.ev('acknowledge',2,alertId='P1:hypotension:nope',by='x',role='nurse'); s.tick(12)
s.x('raised',0,'hypotension','low','active',0); s.x('updated',1,'hypotension','medium','active',0); s.x('escalated',11,'hypotension','medium','active',0,1)

s=sc('discharge-closes-alerts','LIFECYCLE: discharge resolves every open alert of the patient')
s.admit(); s.v(0,sbp=62); s.ev('discharge',1)
s.x('raised',0,'hypotension','high','active',0); s.x('resolved',1,'hypotension','high','resolved',0)

# ---------- AF_RHYTHM ----------
s=sc('af-label-onset-high','AF_RHYTHM_LABEL §6.2: monitor label AF held 30 s -> HIGH at onset; acknowledged')
s.admit(); s.ev('rhythm',0,rhythm='af',hr=118); s.tick(1)
s.ev('acknowledge',1.5,alertId=f"P1:af_rhythm:{iso(0.5)}",by='dr-smith',role='physician')
s.x('raised',0,'tachycardia','low','active',0)  # the label's HR 118 is a first qualifying HR reading: recheck prompt (§10)
s.x('raised',0.5,'af_rhythm','high','active',0.5); s.x('acknowledged',1.5,'af_rhythm','high','acknowledged',0.5)

s=sc('af-label-acknowledged-no-realarm','AF_RHYTHM_LABEL §6.2: HIGH at onset, acknowledged; AF continues for an hour: no re-alarm after the 2-min snooze [Drew14]')
s.admit(); s.ev('rhythm',0,rhythm='af',hr=96); s.tick(1)
s.ev('acknowledge',1.5,alertId=f"P1:af_rhythm:{iso(0.5)}",by='dr-smith',role='physician')
s.ev('rhythm',30,rhythm='af',hr=98); s.tick(60)
s.x('raised',0.5,'af_rhythm','high','active',0.5); s.x('acknowledged',1.5,'af_rhythm','high','acknowledged',0.5)

s=sc('af-label-short-run-no-alert','AF_RHYTHM_LABEL: AF labelled for only 15 s before sinus -> no alert (sustain not met)')
s.admit(); s.ev('rhythm',0,rhythm='af'); s.ev('rhythm',0.25,rhythm='sinus'); s.tick(5)

s=sc('af-label-termination','AF_RHYTHM_LABEL: no re-alarm while AF continues; sinus for 30 min resolves it (the termination event)')
s.admit(); s.ev('rhythm',0,rhythm='af'); s.ev('rhythm',3,rhythm='af'); s.ev('rhythm',10,rhythm='sinus'); s.tick(45)
s.x('raised',0.5,'af_rhythm','high','active',0.5); s.x('escalated',2.5,'af_rhythm','high','active',0.5,1); s.x('escalated',5.5,'af_rhythm','high','active',0.5,2)
s.x('resolved',40,'af_rhythm','high','resolved',0.5,2)

s=sc('af-label-recurrence-within-60min','AF_RHYTHM_LABEL: AF returning 55 min after the last episode ended counts as the same episode and does not alarm again')
s.admit(); s.ev('rhythm',0,rhythm='aflutter'); s.ev('rhythm',1,rhythm='sinus'); s.tick(32)
s.ev('rhythm',56,rhythm='af'); s.tick(60)
s.x('raised',0.5,'af_rhythm','high','active',0.5); s.x('escalated',2.5,'af_rhythm','high','active',0.5,1); s.x('escalated',5.5,'af_rhythm','high','active',0.5,2)
s.x('resolved',31,'af_rhythm','high','resolved',0.5,2)

s=sc('af-label-recurrence-after-60min','AF_RHYTHM_LABEL: AF returning 70 min after the previous episode ended is a new onset -> new HIGH alert')
s.admit(); s.ev('rhythm',0,rhythm='svt'); s.ev('rhythm',1,rhythm='sinus'); s.tick(32)
s.ev('rhythm',71,rhythm='af'); s.tick(72)
s.x('raised',0.5,'af_rhythm','high','active',0.5); s.x('escalated',2.5,'af_rhythm','high','active',0.5,1); s.x('escalated',5.5,'af_rhythm','high','active',0.5,2)
s.x('resolved',31,'af_rhythm','high','resolved',0.5,2)
s.x('raised',71.5,'af_rhythm','high','active',71.5)

# ---------- AF_RR ----------
def lcg(seed):
    st=[seed]
    def r():
        st[0]=(st[0]*1664525+1013904223)%(2**32); return st[0]/2**32
    return r
def rr_batches(s, start_min, rrs, pid=None, batch=60):
    t=start_min*60000.0; out=[]
    for i in range(0,len(rrs),batch):
        b=rrs[i:i+batch]; t+=sum(b)
        s.ev('rr',t/60000.0,pid=pid,intervalsMs=[round(x) for x in b])
    return t/60000.0
def beat_time(start_min, rrs, k):  # time of beat k (1-based)
    return (start_min*60000.0+sum(round(x) for x in rrs[:k]))/60000.0

def dash_window_is_af(x):
    """Independent Python version of CLINICAL_RULES.md §3.2 steps 3-7, used to compute expectations."""
    n=len(x)
    # ties at a cut are removed first-come at both ends, as documented in docs/VALIDATION.md
    low=set(sorted(range(n), key=lambda i:(x[i], i))[:8]); high=set(sorted(range(n), key=lambda i:(-x[i], i))[:8])
    y=[x[i] for i in range(n) if i not in low and i not in high]
    m=len(y); mean=sum(y)/m
    nrmssd=math.sqrt(sum((y[j+1]-y[j])**2 for j in range(m-1))/(m-1))/mean
    lo,hi=min(y),max(y); she=0.0
    if hi>lo:
        counts=[0]*16
        for v in y: counts[min(15,int((v-lo)*16/(hi-lo)))]+=1
        she=-sum(c/m*math.log(c/m) for c in counts if c)/math.log(16)
    tp=sum(1 for j in range(1,n-1) if (x[j]>x[j-1] and x[j]>x[j+1]) or (x[j]<x[j-1] and x[j]<x[j+1]))
    tpr=tp/n
    return nrmssd>0.1 and she>0.7 and 0.54<tpr<0.77

def ectopic_classes(rrs):
    """Independent Python version of AF_RR's RR-only ectopic-beat labelling (issue 18; libs/rules
    af/ectopic-beat-classifier.ts). (1) Against a regular reference: judged only when the last 8
    normal intervals are regular (6th - 3rd sorted value <= 15% of their median m); a premature beat
    (< 0.9 m) with a compensatory pause (next > 1.1 m, sum within 15% of 2m), or a couplet (two < 0.9 m
    then > 1.1 m), is ectopic ('V'). (2) Patterns, whatever the reference: over the last three periods
    the intervals repeat with period 2 (each within 25% of the one two before, every short one < 0.9x
    both neighbours) or period 3 (within 25% of the one three before, the same phase < 0.9x its
    period's longest each time and not followed by an interval < 0.9x it); the short phase is 'V'."""
    n=len(rrs); cls=['N']*n; ref=[]; hist=[]; after=[False]
    def close(a,b): return abs(a-b) <= 0.25*max(a,b)
    def settle(k, ect):
        hist.append(rrs[k]); del hist[:-6]; after[0]=ect
    def in_pattern(i):
        x0,x1,x2=rrs[i],rrs[i+1],rrs[i+2]; s=0.9
        if len(hist)>=3:
            h1,h2,h3=hist[-1],hist[-2],hist[-3]
            alternates = x0<s*x1 and x0<s*h1 and h2<s*h1 and h2<s*h3 and x2<s*x1
            if alternates and close(x2,x0) and close(x0,h2) and close(x1,h1) and close(h1,h3): return True
        if len(hist)>=6:
            h1,h2,h3,h4,h5,h6=hist[-1],hist[-2],hist[-3],hist[-4],hist[-5],hist[-6]
            if close(x0,h3) and close(h3,h6) and close(x1,h2) and close(h2,h5) and close(x2,h1) and close(h1,h4):
                if x0<s*max(x0,x1,x2) and x1>=s*x0 and h3<s*max(h3,h2,h1) and h6<s*max(h6,h5,h4): return True
        return False
    i=0
    while i < n:
        if i+2 < n and in_pattern(i):
            cls[i]='V'; settle(i,True); i+=1; continue
        if len(ref)==8:
            srt=sorted(ref); m=srt[4]
            if srt[5]-srt[2] <= 0.15*m and rrs[i] < 0.9*m and i+1 < n:
                if rrs[i+1] > 1.1*m and abs(rrs[i]+rrs[i+1]-2*m) <= 0.15*2*m:
                    cls[i]='V'; settle(i,True); settle(i+1,False); i+=2; continue
                if i+2 < n and rrs[i+1] < 0.9*m and rrs[i+2] > 1.1*m:
                    cls[i]=cls[i+1]='V'; settle(i,True); settle(i+1,True); settle(i+2,False); i+=3; continue
        if 250 <= rrs[i] <= 2500 and not after[0]: ref.append(rrs[i]); del ref[:-8]
        settle(i,False); i+=1
    return cls

def af_rr_transitions(rrs, start_min):
    """(raise_minute, resolve_minute) from 128-beat windows every 16 normal-to-normal beats: 2 AF windows
    raise, 4 non-AF resolve. Beats are taken only once the engine has them: 2 + 2 beats of lookahead."""
    cls=ectopic_classes(rrs)
    usable=[i for i in range(len(rrs)-4) if cls[i]=='N' and (i==0 or cls[i-1]=='N')]
    pos=neg=0; raised=None; resolved=None
    for k in range(128, len(usable)+1, 16):
        win=[rrs[i] for i in usable[k-128:k]]
        af=dash_window_is_af(win)
        if af: pos+=1; neg=0
        else: neg+=1; pos=0
        t=beat_time(start_min, rrs, usable[k-1]+1)
        if raised is None and pos>=2: raised=t
        elif raised is not None and resolved is None and neg>=4: resolved=t
    return raised, resolved

r=lcg(11); irregular=[round(450+r()*600) for _ in range(300)]
RAISE=af_rr_transitions(irregular[:180],0)[0]  # the second AF window of normal-to-normal beats
s=sc('af-rr-suspected-medium','AF_RR §6.3: irregularly irregular RR (i.i.d. 450-1050 ms) in 60-beat batches; 2 consecutive AF windows (beats 1-128, 17-144) -> MEDIUM "suspected AF - confirm on ECG"')
s.admit(); rr_batches(s,0,irregular[:180])
s.x('raised',RAISE,'af_rr','medium','active',RAISE)

r=lcg(5); regular=[round(800+ (r()-0.5)*20) for _ in range(400)]
s=sc('af-rr-sinus-no-alert','AF_RR: regular sinus RR (800 +/- 10 ms) over 400 beats -> no alert (nRMSSD far below 0.1)')
s.admit(); rr_batches(s,0,regular)

s=sc('af-rr-suppressed-by-label','AF_RR: the RR detector is suppressed while the monitor AF label is already alarming (it only corroborates)')
s.admit(); s.ev('rhythm',0,rhythm='af'); s.tick(0.5); rr_batches(s,1,irregular[:180])
s.x('raised',0.5,'af_rhythm','high','active',0.5); s.x('escalated',2.5,'af_rhythm','high','active',0.5,1)

s=sc('af-rr-corroborated-by-hr','AF_RR: suspected AF becomes HIGH when HR >130 is measured while it is active')
s.admit(); end=rr_batches(s,0,irregular[:180]); s.v(end+0.1,hr=138)
s.x('raised',RAISE,'af_rr','medium','active',RAISE); s.x('updated',end+0.1,'af_rr','high','active',RAISE); s.x('raised',end+0.1,'tachycardia','low','active',end+0.1)


s=sc('af-rr-clinician-not-af','AF_RR: a clinician acknowledges the suspected-AF alert with "not AF" (frequent ectopy on ECG): the alert closes and the detector stays quiet while the same irregular rhythm continues')
s.admit(); end=rr_batches(s,0,irregular[:180])
aid=f"P1:af_rr:{iso(RAISE)}"
s.ev('acknowledge',end+0.1,alertId=aid,by='dr-smith',role='physician',note='Not AF - frequent PACs on 12-lead',disposition='other')
r2=lcg(99); more=[round(450+r2()*600) for _ in range(240)]
rr_batches(s,end+0.1,more)
s.x('raised',RAISE,'af_rr','medium','active',RAISE)
s.x('acknowledged',end+0.1,'af_rr','medium','acknowledged',RAISE)
s.x('resolved',end+0.1,'af_rr','medium','resolved',RAISE)


r3=lcg(5); calm=[round(800+(r3()-0.5)*20) for _ in range(300)]
seq=irregular[:180]+calm
raised_t, resolved_t = af_rr_transitions(seq, 0)
s=sc('af-rr-resolves','AF_RR: an irregular stretch raises suspected AF; once the rhythm is regular again, 4 consecutive non-AF windows resolve it (expected times from an independent Python implementation of §3.2). The ward sets afRrResolveWindows 4, the value that implementation used: the default has been 24 since issue 18\'s third sitting (its hysteresis is tested in af-rr.rule.spec.ts)')
s.admit()
s.lines.append({"id":"af-rr-resolves-0","patientId":"P1","time":iso(-60+1/60),"type":"thresholds","scope":"ward","wardId":"W-ONC-4","values":{"afRrResolveWindows":4},"by":"cardiologist","reason":"resolve AF_RR after 4 regular windows on this ward"})
rr_batches(s,0,seq)
assert resolved_t - raised_t < 10  # resolves before the 10-min MEDIUM escalation
s.x('raised',raised_t,'af_rr','medium','active',raised_t); s.x('resolved',resolved_t,'af_rr','medium','resolved',raised_t)

s=sc('fever-resolves-after-4h','FEVER: resolves only after temperatures below 38.0 C for 4 h (one normal reading is not enough)')
s.admit(); dose(s,0,1); s.v(60,temp=38.4); s.v(90,temp=38.6); s.v(150,temp=37.4); s.v(200,temp=38.1); s.v(260,temp=37.2); s.v(380,temp=37.0); s.v(500,temp=36.9)
s.x('raised',60,'fever','low','active',60); s.x('updated',90,'fever','low','active',60); gate_missing(s,480,upto=480); s.x('resolved',500,'fever','low','resolved',60)

s=sc('fever-ack-afebrile-no-renotify','FEVER: an acknowledged MEDIUM fever (no dose) is not re-notified while afebrile inside its 4-h resolve window (§6.0: notify again only if the condition still holds); febrile again -> re-notified at that reading, then escalated if unacknowledged')
s.admit(); s.v(0,temp=38.6); s.v(60,temp=38.7); s.ev('acknowledge',61,alertId=f"P1:fever:{iso(0)}",by='rn',role='nurse')
s.v(65,temp=37.2); s.v(120,temp=37.0); s.v(180,temp=38.3); s.v(195,temp=38.4)
s.x('raised',0,'fever','low','active',0); s.x('updated',60,'fever','medium','active',0); s.x('acknowledged',61,'fever','medium','acknowledged',0)
s.x('updated',180,'fever','medium','active',0); s.x('escalated',190,'fever','medium','active',0,1)

s=sc('hypoxia-resolves','HYPOXIA: SpO2 88% -> MEDIUM; resolves after SpO2 >90% for 10 min on unchanged oxygen')
s.admit(); s.v(0,spo2=88); s.v(1,spo2=87); s.ev('acknowledge',2,alertId=f"P1:hypoxia:{iso(0)}",by='rn',role='nurse')
for m in range(3,15): s.v(m,spo2=94)
s.x('raised',0,'hypoxia','low','active',0); s.x('updated',1,'hypoxia','medium','active',0); s.x('acknowledged',2,'hypoxia','medium','acknowledged',0)
# SpO2 94% from 3 min: no re-notification when the snooze ends at 12 (§6.0: only if the condition still holds).
s.x('resolved',13,'hypoxia','medium','resolved',0)

# ---------- OLIGURIA ----------
def urine(s,start,end,ml,pid=None): s.ev('urine',end,pid=pid,volumeMl=ml,periodStart=iso(start))
s=sc('oliguria-hourly-relative','OLIGURIA §6.4 O1: 15 mL/h in 2 consecutive hourly collections (10-<20 mL/h) -> LOW (§10: expected during capillary leak)')
s.admit(); urine(s,0,60,15); urine(s,60,120,15)
s.x('raised',120,'oliguria','low','active',120)

s=sc('oliguria-hourly-absolute','OLIGURIA O2: 5 mL/h for 2 consecutive hours (<10 mL/h) -> MEDIUM (§10)')
s.admit(); urine(s,0,60,5); urine(s,60,120,5)
s.x('raised',120,'oliguria','medium','active',120)

s=sc('oliguria-kdigo-then-per-kg','OLIGURIA O5/O4: 30 mL/h in a 70 kg patient: 0.43 mL/kg/h over 6 h is KDIGO stage 1 (LOW); at 8 h 240 mL = 3.4 mL/kg (<4, [TIL24]) -> MEDIUM')
s.admit()
for h in range(8): urine(s,h*60,(h+1)*60,30)
s.x('raised',360,'oliguria','low','active',360); s.x('updated',480,'oliguria','medium','active',360)

s=sc('oliguria-resolve-hourly','OLIGURIA: LOW on 15 mL/h x2 (§10; LOW never escalates), resolved after 2 consecutive hours >=20 mL/h')
s.admit(); urine(s,0,60,15); urine(s,60,120,15); urine(s,120,180,50); urine(s,180,240,50)
s.x('raised',120,'oliguria','low','active',120); s.x('resolved',240,'oliguria','low','resolved',120)

s=sc('oliguria-missing-coverage','OLIGURIA: collections cover only half of the previous hour (<90% coverage), so no window counts -> no alert despite low volumes')
s.admit(); urine(s,0,30,5); urine(s,90,120,5)

s=sc('oliguria-with-creatinine-escalates','OLIGURIA escalates one level while CREATININE is active: 15 mL/h (LOW, §10) with creatinine 2.7 mg/dL active -> MEDIUM')
s.admit(); s.ev('lab',-10,code='CREAT',value=2.7,unit='mg/dL',loinc='2160-0')
s.ev('acknowledge',-9,alertId=f"P1:creatinine:{iso(-10)}",by='dr-smith',role='physician')
urine(s,0,60,15); urine(s,60,120,15)
s.x('raised',-10,'creatinine','medium','active',-10); s.x('acknowledged',-9,'creatinine','medium','acknowledged',-10)
# Acknowledged lab alert: no timer re-notification (the result cannot change before the next draw).
s.x('raised',120,'oliguria','medium','active',120)

# ---------- CREATININE ----------
H=60
s=sc('creatinine-bands','CREATININE §6.5: baseline 1.0; 1.4 (rise >=0.3 in 48 h, LOW) -> 2.6 (MEDIUM) -> 3.1 (HIGH) -> 2.0 (below the HIGH band, still 2x baseline: the same alert steps down to MEDIUM, one AKI episode, §10)')
s.admit(creatinine=1.0)
s.ev('lab',0,code='CREAT',value=1.0,unit='mg/dL'); s.ev('lab',12*H,code='CREAT',value=1.4,unit='mg/dL')
s.ev('lab',24*H,code='CREAT',value=2.6,unit='mg/dL'); s.ev('lab',36*H,code='CREAT',value=3.1,unit='mg/dL'); s.ev('lab',48*H,code='CREAT',value=2.0,unit='mg/dL')
s.x('raised',12*H,'creatinine','low','active',12*H); s.x('updated',24*H,'creatinine','medium','active',12*H)
s.x('escalated',24*H+10,'creatinine','medium','active',12*H,1); s.x('updated',36*H,'creatinine','high','active',12*H,1)
s.x('escalated',36*H+5,'creatinine','high','active',12*H,2)
s.x('updated',48*H,'creatinine','medium','active',12*H,2)

s=sc('creatinine-umol-high','CREATININE: 270 umol/L (LOINC 14682-9) = 3.05 mg/dL -> HIGH ([D14] absolute)')
s.admit(); s.ev('lab',0,code='CREAT',value=270,unit='umol/L',loinc='14682-9')
s.x('raised',0,'creatinine','high','active',0)

s=sc('creatinine-corrected-result','CREATININE: a result of 3.1 (specimen 08:00, resulted 08:10) is corrected (same specimen) to 1.2: the correction replaces it and the alert is cancelled')
s.admit(); s.ev('lab',10,code='CREAT',value=3.1,unit='mg/dL',specimenTime=iso(0)); s.ev('lab',11,code='CREAT',value=1.2,unit='mg/dL',specimenTime=iso(0))
# Raised on the specimen time (08:00) when resulted at 08:10, so its escalation timers (2/5 min) are already due.
s.x('raised',0,'creatinine','high','active',0); s.x('escalated',2,'creatinine','high','active',0,1); s.x('escalated',5,'creatinine','high','active',0,2)
s.x('cancelled',11,'creatinine','high','cancelled',0,2)

# ---------- IL-2 (invented) ----------
s=sc('il2-trough-doubling','IL2_PK §6.7a (INVENTED IL-2 values; no public data has IL-2 levels): pre-dose troughs 5 -> 12 pg/mL (>=2x, >2.1) -> LOW; a 20-min post-dose peak is excluded')
s.admit(); dose(s,0,1); s.ev('lab',470,code='IL2',value=5,unit='pg/mL',specimenTime=iso(470)); dose(s,480,2)
s.ev('lab',500,code='IL2',value=50000,unit='pg/mL'); s.ev('lab',950,code='IL2',value=12,unit='pg/mL'); dose(s,960,3)
gate_missing(s,480,end=480); gate_missing(s,960,upto=940); s.x('raised',950,'il2_rising','low','active',950); gate_missing(s,960,end=960); s.exp[-4:-2]=[]

s=sc('il2-trough-renal-medium','IL2_PK (INVENTED values): doubling trough while CREATININE is active -> MEDIUM (clearance is renal)')
s.admit(); dose(s,0,1); s.ev('lab',470,code='IL2',value=5,unit='pg/mL'); dose(s,480,2)
s.ev('lab',900,code='CREAT',value=2.7,unit='mg/dL'); s.ev('acknowledge',901,alertId=f"P1:creatinine:{iso(900)}",by='dr-smith',role='physician')
s.ev('lab',950,code='IL2',value=11,unit='pg/mL')
gate_missing(s,480,end=480); gate_missing(s,960,upto=899)
s.x('raised',900,'creatinine','medium','active',900); s.x('acknowledged',901,'creatinine','medium','acknowledged',900)
# Acknowledged lab alert: no timer re-notification (the result cannot change before the next draw).
s.x('raised',950,'il2_rising','medium','active',950)

s=sc('il2-three-rising-then-resolve','IL2_PK (INVENTED values): troughs 3 -> 4 -> 5 pg/mL (3 rising, none doubled) -> LOW; next trough 4 -> resolved')
s.admit()
for k in range(5): dose(s,k*480,k+1)
s.ev('lab',470,code='IL2',value=3,unit='pg/mL'); s.ev('lab',950,code='IL2',value=4,unit='pg/mL'); s.ev('lab',1430,code='IL2',value=5,unit='pg/mL'); s.ev('lab',1910,code='IL2',value=4,unit='pg/mL')
for k in range(1,5): gate_missing(s,k*480,end=k*480)
s.x('raised',1430,'il2_rising','low','active',1430); s.x('resolved',1910,'il2_rising','low','resolved',1430)

s=sc('sil2r-hlh-then-high','SIL2R §6.7b (INVENTED values): 3000 U/mL (>=2400, LOW, expected during IL-2) then 12000 U/mL (>10000) -> MEDIUM')
s.admit(); s.ev('lab',0,code='SIL2R',value=3000,unit='U/mL',source='lab-A'); s.ev('lab',24*H,code='SIL2R',value=12000,unit='U/mL',source='lab-A')
s.x('raised',0,'sil2r_rising','low','active',0); s.x('updated',24*H,'sil2r_rising','medium','active',0)

s=sc('sil2r-doubling-pgml','SIL2R (INVENTED values): pg/mL series 900 -> 2000 within 72 h and above the assay limit 1033 -> LOW; a different lab series is not compared')
s.admit(); s.ev('lab',0,code='SIL2R',value=900,unit='pg/mL',loinc='76039-7',source='lab-A'); s.ev('lab',10*H,code='SIL2R',value=400,unit='pg/mL',loinc='76039-7',source='lab-B')
s.ev('lab',24*H,code='SIL2R',value=2000,unit='pg/mL',loinc='76039-7',source='lab-A')
s.x('raised',24*H,'sil2r_rising','low','active',24*H)


# ---------- DOSE_GATE ----------
s=sc('dose-gate-hold','DOSE_GATE §6.12: creatinine 2.7 (relative criterion) active 2 h before dose 2 -> HOLD (MEDIUM); documenting the dose as held resolves the gate')
s.admit(); dose(s,0,1); s.ev('lab',300,code='CREAT',value=2.7,unit='mg/dL'); s.ev('dose',485,drug='aldesleukin',doseNumber=2,status='held',reason='creatinine 2.7')
s.x('raised',300,'creatinine','medium','active',300); s.x('escalated',310,'creatinine','medium','active',300,1)
s.x('raised',360,'dose_gate','medium','active',360); s.x('escalated',370,'dose_gate','medium','active',360,1)
s.x('updated',480,'dose_gate','medium','active',360,1); s.x('resolved',485,'dose_gate','medium','resolved',360,1)

s=sc('dose-gate-stop-review-af','DOSE_GATE: monitor AF (absolute criterion [D14, SP15]) active 2 h before dose 2 -> STOP-REVIEW (HIGH)')
s.admit(); dose(s,0,1); s.ev('rhythm',300,rhythm='af',hr=124); s.ev('dose',470,drug='aldesleukin',doseNumber=2,status='held',reason='AF')
s.x('raised',300,'tachycardia','low','active',300); s.x('raised',300.5,'af_rhythm','high','active',300.5); s.x('escalated',302.5,'af_rhythm','high','active',300.5,1); s.x('escalated',305.5,'af_rhythm','high','active',300.5,2)
s.x('raised',360,'dose_gate','high','active',360); s.x('escalated',362,'dose_gate','high','active',360,1); s.x('escalated',365,'dose_gate','high','active',360,2)
s.x('resolved',470,'dose_gate','high','resolved',360,2)

s=sc('dose-gate-proceed','DOSE_GATE: nothing active and every input fresh before dose 2 -> PROCEED-CHECK (§10: a LOW decision with the values used, restated at T_dose, closed by the dose)')
s.admit(-240)
for m in range(-180,481,30):
    s.ev('urine',m,volumeMl=30,periodStart=iso(m-30))
    if m==0: dose(s,0,1)
    if m==210: s.ev('lab',m,code='CREAT',value=0.9,unit='mg/dL')
    if m>=240: s.v(m,sbp=118,hr=92,temp=37.6)
dose(s,480,2)
s.x('raised',360,'dose_gate','low','active',360); s.x('updated',480,'dose_gate','low','active',360); s.x('resolved',480,'dose_gate','low','resolved',360)

s=sc('dose-gate-three-held','DOSE_GATE: three doses already held this cycle -> STOP-REVIEW before the next one [SP15]')
s.admit(); dose(s,0,1); dose(s,480,2,'held'); dose(s,960,3,'held'); dose(s,1440,4,'held'); s.tick(1810)
for k in range(1,4): gate_missing(s,k*480,end=k*480)
s.x('raised',1800,'dose_gate','high','active',1800); s.x('escalated',1802,'dose_gate','high','active',1800,1); s.x('escalated',1805,'dose_gate','high','active',1800,2)

s=sc('dose-gate-expires','DOSE_GATE: a HOLD with no dose documented closes 2 h after the scheduled time (schedule changed or cycle ended); the +16% weight within 24 h of the admit weight alarms only once a second weight confirms it (§10)')
s.admit(); dose(s,0,1); s.ev('weight',300,kg=81.5); s.ev('weight',310,kg=81.2)
s.ev('acknowledge',311,alertId=f"P1:weight_gain:{iso(310)}",by='dr-smith',role='physician'); s.tick(605)
s.x('raised',310,'weight_gain','medium','active',310); s.x('acknowledged',311,'weight_gain','medium','acknowledged',310)
s.x('updated',321,'weight_gain','medium','active',310); s.x('escalated',331,'weight_gain','medium','active',310,1)
s.x('raised',360,'dose_gate','medium','active',360); s.x('escalated',370,'dose_gate','medium','active',360,1)
s.x('updated',480,'dose_gate','medium','active',360,1); s.x('resolved',600,'dose_gate','medium','resolved',360,1)


# ---------- CONFUSION (optional §6.13) ----------
s=sc('confusion-not-reversed','CONFUSION §6.13: new confusion (ACVPU C) is MEDIUM (withhold); not reversed within 2 h it becomes HIGH (stop criterion [D14]); a documented return to Alert resolves it')
s.admit(); s.ev('neuro',0,acvpu='C',notes='cannot spell WORLD backwards'); s.tick(130); s.ev('neuro',140,acvpu='A')
s.x('raised',0,'confusion','medium','active',0); s.x('escalated',10,'confusion','medium','active',0,1)
s.x('updated',120,'confusion','high','active',0,1); s.x('escalated',125,'confusion','high','active',0,2)
s.x('resolved',140,'confusion','high','resolved',0,2)

s=sc('confusion-reversed-quickly','CONFUSION: confusion that clears within 2 h resolves without becoming HIGH')
s.admit(); s.ev('neuro',0,acvpu='C'); s.ev('acknowledge',3,alertId=f"P1:confusion:{iso(0)}",by='dr-smith',role='physician'); s.ev('neuro',9,acvpu='A'); s.tick(180)
s.x('raised',0,'confusion','medium','active',0); s.x('acknowledged',3,'confusion','medium','acknowledged',0); s.x('resolved',9,'confusion','medium','resolved',0)

# ---------- TACHYCARDIA / HYPOXIA / FEVER / WEIGHT / GAP ----------
s=sc('tachycardia-absolute-high','TACHYCARDIA §6.8: HR >130 every minute for 5 min -> HIGH')
s.admit()
for m in range(6): s.v(m,hr=136)
# per-minute HR readings are intermittent (§10: ≥60 s apart): two confirm
s.x('raised',0,'tachycardia','low','active',0); s.x('updated',1,'tachycardia','high','active',0); s.x('escalated',3,'tachycardia','high','active',0,1)

s=sc('tachycardia-relative-at-dose','TACHYCARDIA: HR 115 for 5 min is LOW; still present at dose time with hypotension and fever inactive -> MEDIUM (hold criterion)')
s.admit()
for m in range(7): s.v(m,hr=115)
dose(s,7,1)
s.x('raised',0,'tachycardia','low','active',0); s.x('updated',1,'tachycardia','low','active',0); s.x('updated',7,'tachycardia','medium','active',0)

s=sc('tachycardia-resolve-15min','TACHYCARDIA: HR 135 sustained -> HIGH; HR 90 for 15 min -> resolved')
s.admit()
for m in range(2): s.v(m,hr=135)
s.ev('acknowledge',2,alertId=f"P1:tachycardia:{iso(0)}",by='dr-smith',role='physician')
for m in range(2,6): s.v(m,hr=135)
for m in range(7,23): s.v(m,hr=90)
s.x('raised',0,'tachycardia','low','active',0); s.x('updated',1,'tachycardia','high','active',0); s.x('acknowledged',2,'tachycardia','high','acknowledged',0)
s.x('updated',4,'tachycardia','high','active',0); s.x('escalated',6,'tachycardia','high','active',0,1)
s.x('escalated',9,'tachycardia','high','active',0,2)
s.x('resolved',22,'tachycardia','high','resolved',0,2)

s=sc('hypoxia-spo2-medium','HYPOXIA §6.9: SpO2 88% on two readings 1 min apart (>=30 s) -> MEDIUM')
s.admit(); s.v(0,spo2=88); s.v(1,spo2=88)
s.x('raised',0,'hypoxia','low','active',0); s.x('updated',1,'hypoxia','medium','active',0)

s=sc('hypoxia-o2-absolute','HYPOXIA: 5 L/min O2 (>4, [D14] absolute) documented for 30 min -> HIGH')
s.admit(); s.v(0,spo2=95,o2FlowLpm=5); s.v(15,spo2=95,o2FlowLpm=5); s.v(30,spo2=96,o2FlowLpm=5)
s.x('raised',30,'hypoxia','high','active',30)

s=sc('fever-expected-after-dose-low','FEVER §6.10: 38.3 then 38.4 C 30 min apart, 1-1.5 h after a dose -> LOW (expected)')
s.admit(); dose(s,0,1); s.v(60,temp=38.3); s.v(90,temp=38.4)
s.x('raised',60,'fever','low','active',60); s.x('updated',90,'fever','low','active',60)

s=sc('fever-late-medium','FEVER: >=38.0 C more than 6 h after the last dose -> MEDIUM (rule out infection)')
s.admit(); dose(s,0,1); s.v(420,temp=38.2); s.v(450,temp=38.3)
gate_missing(s,480,upto=450); s.x('raised',420,'fever','low','active',420); s.x('updated',450,'fever','medium','active',420)

s=sc('weight-gain-bands','WEIGHT_GAIN §6.6: baseline 70 kg; 78 kg (+11.4%) LOW; 81 kg (+15.7%) MEDIUM; an unconfirmed outlier within 2 h is ignored')
s.admit(weightKg=70); s.ev('weight',24*H,kg=78); s.ev('weight',24*H+30,kg=95); s.ev('weight',48*H,kg=81)
s.x('raised',24*H,'weight_gain','low','active',24*H); s.x('updated',48*H,'weight_gain','medium','active',24*H)

s=sc('data-gap-vitals','DATA_GAP §6.0/§10: no vitals for more than 4 h -> LOW technical alert; the vitals at 12:10 bring them back (the alert is re-stated, still open: §6.0 hysteresis), the next within 4 h (14:10) resolve it')
s.admit(); s.v(0,hr=80,sbp=120); s.tick(241); s.v(250,hr=82,sbp=118); s.v(370,hr=84,sbp=116)
s.x('raised',240+1/60000,'data_gap','low','active',240+1/60000); s.x('updated',250,'data_gap','low','active',240+1/60000)
s.x('resolved',370,'data_gap','low','resolved',240+1/60000)

s=sc('mixed-two-patients','Routing: two patients interleaved; each gets only its own alerts (hypotension for A, hourly oliguria O2, MEDIUM, for B)',pid='A')
s.admit(pid='A'); s.admit(pid='B',bed='14')
s.v(0,pid='A',sbp=84); s.v(0.5,pid='B',sbp=84); urine(s,0,60,5,pid='B'); s.v(1,pid='A',sbp=84); urine(s,60,120,5,pid='B')
s.x('raised',0,'hypotension','low','active',0,pid='A'); s.x('raised',0.5,'hypotension','low','active',0.5,pid='B')
s.x('updated',1,'hypotension','medium','active',0,pid='A'); s.x('escalated',11,'hypotension','medium','active',0,1,pid='A'); s.x('raised',120,'oliguria','medium','active',120,pid='B')

# ---------- LATE, OUT-OF-ORDER AND CORRECTED DATA (issue 16, §10) ----------
# Lines are written in arrival order; normal vitals every 30 min move the clock as a ward's would.
def vitals_every(s,a,b,step=30,**f):
    for m in range(a,b+1,step): s.v(m,sbp=118,map=80,hr=82,**f)

s=sc('late-urine-batch-oliguria-raises-once','OLIGURIA: hourly urine (5 mL/h) charted 2 h late in one batch; evaluated on effective time the episode (O2, <10 mL/h for 2 h, MEDIUM per §10) is found at 10:00 and raised once (at the escalation level it would have reached)')
s.admit(); vitals_every(s,0,240)
urine(s,0,60,5); urine(s,60,120,5)
vitals_every(s,270,300)
s.x('raised',120,'oliguria','medium','active',120,1)

s=sc('late-urine-batches-in-reverse','OLIGURIA: the later hour of a pair is charted before the earlier one (1 h and 3 h late); still one alert at the effective onset (no DATA_GAP: the urine gap is not longer than 3 h)')
s.admit(); vitals_every(s,0,90)
urine(s,60,120,4); vitals_every(s,120,240)
urine(s,0,60,6); vitals_every(s,270,300)
# The 09:00 hour charted at 12:00 completes the episode: raised once at its effective onset 10:00.
s.x('raised',120,'oliguria','medium','active',120,1)

s=sc('late-urine-resolves-once','OLIGURIA: an on-time hourly episode (O1, 10-19 mL/h, LOW per §10) resolves when good hours charted 2-3 h late show 2 h >=20 mL/h: one resolved, stamped at the effective time')
s.admit(); urine(s,0,60,15); urine(s,60,120,15)
vitals_every(s,150,300)
urine(s,120,180,40); urine(s,180,240,45)
vitals_every(s,330,360)
s.x('raised',120,'oliguria','low','active',120); s.x('resolved',240,'oliguria','low','resolved',120)

s=sc('late-urine-corrected-volume-cancels','OLIGURIA: urine 8 then 5 mL/h raises MEDIUM (O2); the nurse corrects the second hour (same period and site, new id) to 50 mL: the alert is cancelled')
s.admit(); urine(s,0,60,8); urine(s,60,120,5)
s.v(130,sbp=118,map=80); s.ev('urine',120,volumeMl=50,periodStart=iso(60))
s.v(140,sbp=118,map=80)
s.x('raised',120,'oliguria','medium','active',120); s.x('escalated',130,'oliguria','medium','active',120,1); s.x('cancelled',130,'oliguria','medium','cancelled',120,1)

s=sc('late-urine-corrected-same-id','OLIGURIA: a urine record resent with the same id and a corrected volume replaces it; the alert that no longer holds is cancelled; a plain resend changes nothing')
s.admit(); urine(s,0,60,8); e2=s.ev('urine',120,volumeMl=5,periodStart=iso(60))
s.v(125,sbp=118,map=80); s.ev('urine',120,id=e2['id'],volumeMl=5,periodStart=iso(60))
s.v(130,sbp=118,map=80); s.ev('urine',120,id=e2['id'],volumeMl=55,periodStart=iso(60))
s.x('raised',120,'oliguria','medium','active',120); s.x('escalated',130,'oliguria','medium','active',120,1); s.x('cancelled',130,'oliguria','medium','cancelled',120,1)

s=sc('late-creatinine-resulted-8h','CREATININE: collected 06:00, resulted 14:00 at 3.4 mg/dL (baseline 0.9): HIGH on the specimen time, once')
s.admit(creatinine=0.9); vitals_every(s,0,360,60)
s.ev('lab',360,code='CREAT',value=3.4,unit='mg/dL',specimenTime=iso(-120))
s.v(370,sbp=118,map=80)
s.x('raised',-120,'creatinine','high','active',-120,2)

s=sc('late-creatinine-corrected-cancels','CREATININE: 2.7 mg/dL (collected 07:00, resulted 10:00; 3x baseline 0.9) raises HIGH; the lab corrects it (same specimen, new id) to 1.0 at 11:00: the alert is cancelled')
s.admit(creatinine=0.9); vitals_every(s,0,120)
s.ev('lab',120,code='CREAT',value=2.7,unit='mg/dL',specimenTime=iso(-60))
s.v(130,sbp=118,map=80)
s.ev('lab',180,code='CREAT',value=1.0,unit='mg/dL',specimenTime=iso(-60))
s.v(190,sbp=118,map=80)
s.x('raised',-60,'creatinine','high','active',-60,2); s.x('cancelled',180,'creatinine','high','cancelled',-60,2)

s=sc('late-creatinine-out-of-order','CREATININE: two results arrive in the opposite order of collection (12 h and 3 h after): rise 0.9 -> 1.3 (+0.4 in 48 h) is KDIGO 1 at the second specimen, raised once')
s.admit(creatinine=0.9); vitals_every(s,0,720,120)
s.ev('lab',722,code='CREAT',value=1.3,unit='mg/dL',specimenTime=iso(540))
s.ev('lab',725,code='CREAT',value=0.9,unit='mg/dL',specimenTime=iso(0))
s.v(730,sbp=118,map=80)
s.x('raised',540,'creatinine','low','active',540)

# Labs resulted beyond the 6-h vitals horizon (issue 16): the lab series (CREATININE, sIL-2R) is replayed
# over the kept labs up to 48 h back, so the episode is the effective-time one, raised (and resolved) once.
s=sc('late-creatinine-resulted-21h-already-over','CREATININE beyond the 6-h horizon: 2.0 mg/dL collected 09:00 (>=2x baseline 0.9, KDIGO 2) is resulted 21 h later, after a 1.0 collected 14:00 was resulted at 15:00: the AKI episode 09:00-14:00 is raised and resolved once, nothing stays open')
s.admit(creatinine=0.9); vitals_every(s,0,420,30)
s.ev('lab',420,code='CREAT',value=1.0,unit='mg/dL',specimenTime=iso(360))
vitals_every(s,450,1260,30)
s.ev('lab',1260,code='CREAT',value=2.0,unit='mg/dL',specimenTime=iso(60))
s.v(1270,sbp=118,map=80)
s.x('raised',60,'creatinine','medium','active',60,1); s.x('resolved',360,'creatinine','medium','resolved',60,1)

s=sc('late-creatinine-resulted-20h-raises','CREATININE beyond the 6-h horizon: 2.0 mg/dL collected 12:00 (KDIGO 2) resulted 20 h later with nothing after it: raised once on the specimen time, at the escalation level it would have reached, and left open')
s.admit(creatinine=0.9); vitals_every(s,0,1440,30)
s.ev('lab',1440,code='CREAT',value=2.0,unit='mg/dL',specimenTime=iso(240))
s.v(1450,sbp=118,map=80)
s.x('raised',240,'creatinine','medium','active',240,1)

s=sc('late-monitor-backfill-hypotension','HYPOTENSION: an arterial monitor reconnects and backfills 10 min of 5-s readings; the 60 s dip inside it raises one MEDIUM alert at its effective time, and the recovery resolves it')
s.admit()
for k in range(0,12): s.v(k*5/60,sbp=115,map=78,method='arterial')
s.v(11,sbp=114,map=77,method='arterial')
for k in range(0,120):
    m=1+k*5/60
    low = 2 <= m < 4
    s.v(m,sbp=84 if low else 112,map=62 if low else 76,method='arterial')
for k in range(0,240): s.v(11+k*5/60,sbp=113,map=77,method='arterial')
# Low from 08:02 to 08:04: sustained 60 s at 08:03; normal from 08:04 for 15 min resolves at 08:19.
s.x('raised',3,'hypotension','medium','active',3); s.x('escalated',13,'hypotension','medium','active',3,1); s.x('resolved',19,'hypotension','medium','resolved',3,1)

s=sc('late-hypotension-nibp-between','HYPOTENSION: NIBP 84 at 08:00, then 86 charted late for 08:10 (after the normal 08:20): the confirmed episode is raised once (continuing the closed prompt), and 08:20 + 08:35 (the 15-min resolve window) resolve it')
s.admit(); s.v(0,sbp=84); s.v(20,sbp=118,map=80); s.v(10,sbp=86); s.v(35,sbp=118,map=80)
# 08:00 is a LOW recheck prompt, closed by the normal 08:20 ("did not confirm"). The 08:10 reading charted late
# shows it was confirmed at 08:10 and still open at 08:20: a closed alert cannot reopen, so the episode continues
# under a new id opened at 08:20 (MEDIUM), which 08:20 + 08:35 resolve.
s.x('raised',0,'hypotension','low','active',0); s.x('resolved',20,'hypotension','low','resolved',0)
s.x('raised',20,'hypotension','medium','active',20,1); s.x('resolved',35,'hypotension','medium','resolved',20,1)

s=sc('late-af-label-backfill','AF_RHYTHM_LABEL: a monitor backfills 10 min of labels after a reconnect: AF from 10:02 for 5 min raises one HIGH at 10:02:30, stamped on its effective time')
s.admit(); s.ev('rhythm',0,rhythm='sinus',hr=80); s.ev('rhythm',11,rhythm='sinus',hr=82)
for k in range(0,20): s.ev('rhythm',1+k*0.5,rhythm='af' if 2<=1+k*0.5<7 else 'sinus',hr=125 if 2<=1+k*0.5<7 else 84)
s.ev('rhythm',12,rhythm='sinus',hr=80)
s.x('raised',2.5,'af_rhythm','high','active',2.5,2)

s=sc('late-fever-second-reading','FEVER: 38.4 at 08:00 (LOW recheck prompt), the 38.6 taken at 08:45 is charted at 10:00: the prompt becomes the MEDIUM alert once (no dose given), on effective time')
s.admit(); s.v(0,temp=38.4,hr=88); vitals_every(s,60,120); s.v(45,temp=38.6,hr=90); s.v(150,sbp=118,map=80,hr=82)
# The first reading is a recheck prompt (§10); the late second one confirms it: one `updated` (MEDIUM, and the escalation it had reached by 08:55).
s.x('raised',0,'fever','low','active',0); s.x('updated',55,'fever','medium','active',0,1)

s=sc('late-data-gap-resolves-once','DATA_GAP is judged on arrival: no urine charted for more than 3 h raises the gap; the batch charted late for those hours arrives at 12:30 as one arrival and brings urine back once (re-stated, still open: §6.0 hysteresis); the next hour charted on time (13:00, within 3 h) resolves it once')
s.admit(); urine(s,0,60,60); vitals_every(s,60,270)
urine(s,60,120,55); urine(s,120,180,50); urine(s,180,240,52)
s.v(250,sbp=118,map=80); urine(s,240,300,50)
s.x('raised',240+1/60000,'data_gap','low','active',240+1/60000); s.x('updated',270,'data_gap','low','active',240+1/60000)
s.x('resolved',300,'data_gap','low','resolved',240+1/60000)

s=sc('late-duplicate-batch-ignored','OLIGURIA: a urine batch resent (same ids, same content) after a reconnect changes nothing: one alert')
s.admit(); urine(s,0,60,5); urine(s,60,120,5); s.v(130,sbp=118,map=80)
s.ev('urine',60,id='late-duplicate-batch-ignored-2',volumeMl=5,periodStart=iso(0)); s.ev('urine',120,id='late-duplicate-batch-ignored-3',volumeMl=5,periodStart=iso(60))
s.v(135,sbp=118,map=80)
s.x('raised',120,'oliguria','medium','active',120); s.x('escalated',130,'oliguria','medium','active',120,1)

s=sc('hypotension-c3-step-down','HYPOTENSION §6.1/§10: SBP 84 twice raises MEDIUM; SBP 95-99 with MAP >=70 (still <80% of baseline 130) resolves it on 2 NIBP readings and C3 continues as its own LOW alert; SBP 110 twice resolves that')
s.admit(sbp=130); s.v(0,sbp=84,map=60); s.v(5,sbp=84,map=60)
s.v(20,sbp=96,map=70); s.v(35,sbp=98,map=72)
s.v(50,sbp=110,map=80); s.v(65,sbp=112,map=82)
# The first reading is a recheck prompt, confirmed MEDIUM by the second (§10); the step-down is an `updated` to LOW.
s.x('raised',0,'hypotension','low','active',0); s.x('updated',5,'hypotension','medium','active',0); s.x('escalated',15,'hypotension','medium','active',0,1)
s.x('updated',35,'hypotension','low','active',0,1); s.x('resolved',65,'hypotension','low','resolved',0,1)

s=sc('hypotension-c3-step-down-late','HYPOTENSION §10 with late data: the second recovering reading (SBP 97) is charted after a later one; the MEDIUM alert still resolves once and steps down to LOW once')
s.admit(sbp=130); s.v(0,sbp=84,map=60); s.v(5,sbp=84,map=60)
s.v(20,sbp=96,map=70); s.v(50,sbp=99,map=72); s.v(35,sbp=97,map=72)
# In arrival order 08:20 + 08:50 step it down at 08:50; the 08:35 reading charted late does not change the net result.
s.x('raised',0,'hypotension','low','active',0); s.x('updated',5,'hypotension','medium','active',0); s.x('escalated',15,'hypotension','medium','active',0,1)
s.x('updated',50,'hypotension','low','active',0,1)

# Labs resulted 7-12 h after collection, older than every checkpoint kept (issue 16): besides CREATININE, the
# rules that read labs (sIL-2R, IL-2 PK, OLIGURIA's creatinine bump) are replayed over the kept history, so
# the episode found late is the effective-time one, raised or changed once and stamped late. Vitals every
# 10 min (off the hour) move the clock, so the checkpoints are pruned to the 6-h horizon as on a ward.
def vitals_10(s,a,b): vitals_every(s,a,b,10)

s=sc('late-il2-trough-resulted-7h','IL2_PK beyond the 6-h horizon (INVENTED values): pre-dose troughs 3 pg/mL (collected 16:55, resulted at once) then 8 pg/mL (collected 00:55, >=2x, >2.1) resulted 7 h later at 07:55, older than every checkpoint kept: the rise is raised once, LOW, on the specimen time')
s.admit(creatinine=0.9); vitals_10(s,0,60); dose(s,65,1); vitals_10(s,70,530)
s.ev('lab',535,code='IL2',value=3,unit='pg/mL',specimenTime=iso(535)); vitals_10(s,540,540); dose(s,545,2); vitals_10(s,550,1020)
dose(s,1025,3); vitals_10(s,1030,1430)
s.ev('lab',1435,code='IL2',value=8,unit='pg/mL',specimenTime=iso(1015)); vitals_10(s,1440,1450)
# No urine or creatinine result: every gate decision is HOLD — data missing (MEDIUM); dose 4 is due 09:05 next day.
gate_missing(s,545,end=545); gate_missing(s,1025,end=1025); gate_missing(s,1505,upto=1450)
s.x('raised',1015,'il2_rising','low','active',1015)

s=sc('late-il2-trough-resulted-12h-renal','IL2_PK beyond the 6-h horizon (INVENTED values): troughs 3 then 8 pg/mL; the second, collected 00:55 while a creatinine 2.0 mg/dL (KDIGO 2, collected and resulted 22:35) was active, is resulted 12 h later: raised once, MEDIUM (clearance is renal), at the escalation level it would have reached')
s.admit(creatinine=0.9); vitals_10(s,0,60); dose(s,65,1); vitals_10(s,70,530)
s.ev('lab',535,code='IL2',value=3,unit='pg/mL',specimenTime=iso(535)); vitals_10(s,540,540); dose(s,545,2); vitals_10(s,550,870)
s.ev('lab',875,code='CREAT',value=2.0,unit='mg/dL',specimenTime=iso(875)); vitals_10(s,880,1020)
dose(s,1025,3); vitals_10(s,1030,1500); dose(s,1505,4); vitals_10(s,1510,1730)
s.ev('lab',1735,code='IL2',value=8,unit='pg/mL',specimenTime=iso(1015)); vitals_10(s,1740,1750)
gate_missing(s,545,end=545)
s.x('raised',875,'creatinine','medium','active',875); s.x('escalated',885,'creatinine','medium','active',875,1)
# The gates for doses 3 and 4 hold on the creatinine alert (a relative criterion) as well as on the missing urine: MEDIUM either way.
gate_missing(s,1025,end=1025); gate_missing(s,1505,end=1505)
s.x('raised',1015,'il2_rising','medium','active',1015,1)

s=sc('late-sil2r-resulted-12h','SIL2R beyond the 6-h horizon (INVENTED values): 12000 U/mL (>10000, MEDIUM) collected 13:05 is resulted 12 h later, older than every checkpoint kept: raised once on the specimen time, at the escalation level it would have reached')
s.admit(); vitals_10(s,0,1020)
s.ev('lab',1025,code='SIL2R',value=12000,unit='U/mL',source='lab-A',specimenTime=iso(305)); vitals_10(s,1030,1040)
s.x('raised',305,'sil2r_rising','medium','active',305,1)

s=sc('late-creatinine-12h-oliguria-escalates','OLIGURIA with a creatinine resulted 12 h late: hourly urine 19 mL/h (no weight charted) is LOW from 10:00 (O1) and MEDIUM from 16:00 (152 mL in 8 h, O3); a creatinine 2.0 mg/dL (KDIGO 2) collected 18:10 is resulted 12 h later, at 06:10: CREATININE is raised on its specimen time and OLIGURIA is escalated once to HIGH from the first hour that ended after it (19:00), one level higher while CREATININE is active (§6.4)')
s.ev('admit',-60,wardId='W-ONC-4',bed='12',baseline={'creatinine':0.9})
for h in range(1,23):
    vitals_every(s,(h-1)*60+5,h*60-5,10); urine(s,(h-1)*60,h*60,19)
vitals_every(s,1325,1325,10)
s.ev('lab',1330,code='CREAT',value=2.0,unit='mg/dL',specimenTime=iso(610)); vitals_every(s,1335,1345,10)
s.x('raised',120,'oliguria','low','active',120); s.x('updated',480,'oliguria','medium','active',120); s.x('escalated',490,'oliguria','medium','active',120,1)
s.x('updated',665,'oliguria','high','active',120,2); s.x('raised',610,'creatinine','medium','active',610,1)

for s in ALL: s.write()
print(len(ALL),'scenarios')
