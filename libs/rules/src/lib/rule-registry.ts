import type { Rule } from './engine/rule';
import { HypotensionRule } from './rules/hypotension.rule';
import { AfRhythmLabelRule } from './rules/af-rhythm-label.rule';
import { AfRrRule } from './rules/af-rr.rule';
import { CreatinineRule } from './rules/creatinine.rule';
import { OliguriaRule } from './rules/oliguria.rule';
import { Il2PkRule } from './rules/il2-pk.rule';
import { Sil2rRule } from './rules/sil2r.rule';
import { TachycardiaRule } from './rules/tachycardia.rule';
import { HypoxiaRule } from './rules/hypoxia.rule';
import { FeverRule } from './rules/fever.rule';
import { WeightGainRule } from './rules/weight-gain.rule';
import { DataGapRule } from './rules/data-gap.rule';
import { DoseGateRule } from './rules/dose-gate.rule';
import { ConfusionRule } from './rules/confusion.rule';

/**
 * Fresh instances of every rule for one patient, in evaluation order: rules that others read come
 * first (AF label before AF_RR; creatinine before oliguria and IL-2; hypotension and fever before
 * tachycardia's dose-time check).
 */
export function createRules(): Rule[] {
  return [
    new HypotensionRule(),
    new FeverRule(),
    new AfRhythmLabelRule(),
    new AfRrRule(),
    new CreatinineRule(),
    new OliguriaRule(),
    new Il2PkRule(),
    new Sil2rRule(),
    new TachycardiaRule(),
    new HypoxiaRule(),
    new WeightGainRule(),
    new DataGapRule(),
    new ConfusionRule(),
    // Last: it reads every other rule's alert state.
    new DoseGateRule(),
  ];
}
