import { RulesEngine } from '../rules-engine';
import { PatientEngine } from '../engine/patient-engine';
import { EventHistory } from '../engine/event-history';
import { HistoryBlock } from '../engine/history-block';
import { PatientEvaluator } from '../engine/patient-evaluator';
import { PatientContext } from '../engine/patient-context';
import { AlertBook } from '../engine/alert-book';
import { PressorState } from '../engine/pressor-state';
import { HourlyMeans } from '../engine/hourly-means';
import { ContinuousRun } from '../engine/continuous-run';
import { SampleRun } from '../engine/sample-run';
import { RecheckPair } from '../engine/recheck-pair';
import { UrineLedger } from '../engine/urine-ledger';
import { DashAfDetector } from '../af/dash-af-detector';
import { EctopicBeatClassifier } from '../af/ectopic-beat-classifier';
import { EctopyAwareAfDetector } from '../af/ectopy-aware-af-detector';
import { SlidingExtremes } from '../af/sliding-extremes';
import { CosenTracker } from '../af/cosen-tracker';
import { FixedRatioReference, RollingRatioReference } from '../af/ratio-percentiles';
import { HypotensionRule } from '../rules/hypotension.rule';
import { FeverRule } from '../rules/fever.rule';
import { AfRhythmLabelRule } from '../rules/af-rhythm-label.rule';
import { AfRrRule } from '../rules/af-rr.rule';
import { CreatinineRule } from '../rules/creatinine.rule';
import { OliguriaRule } from '../rules/oliguria.rule';
import { Il2PkRule } from '../rules/il2-pk.rule';
import { Sil2rRule } from '../rules/sil2r.rule';
import { TachycardiaRule } from '../rules/tachycardia.rule';
import { HypoxiaRule } from '../rules/hypoxia.rule';
import { WeightGainRule } from '../rules/weight-gain.rule';
import { DataGapRule } from '../rules/data-gap.rule';
import { DoseGateRule } from '../rules/dose-gate.rule';
import { ConfusionRule } from '../rules/confusion.rule';

/**
 * Every class whose instances make up engine state, by a stable name. A class missing here makes a
 * snapshot fail with the path to its instance (the snapshot cut tests catch it), never a silent loss.
 * Their source text also makes the snapshot fingerprint: any change to one of them invalidates snapshots.
 */
export const STATE_CLASSES = {
  RulesEngine,
  PatientEngine,
  EventHistory,
  HistoryBlock,
  PatientEvaluator,
  PatientContext,
  AlertBook,
  PressorState,
  HourlyMeans,
  ContinuousRun,
  SampleRun,
  RecheckPair,
  UrineLedger,
  DashAfDetector,
  EctopicBeatClassifier,
  EctopyAwareAfDetector,
  SlidingExtremes,
  CosenTracker,
  FixedRatioReference,
  RollingRatioReference,
  HypotensionRule,
  FeverRule,
  AfRhythmLabelRule,
  AfRrRule,
  CreatinineRule,
  OliguriaRule,
  Il2PkRule,
  Sil2rRule,
  TachycardiaRule,
  HypoxiaRule,
  WeightGainRule,
  DataGapRule,
  DoseGateRule,
  ConfusionRule,
} as const;
