import type { Rule } from './engine/rule';
import { HypotensionRule } from './rules/hypotension.rule';
import { AfRrRule } from './rules/af-rr.rule';

/** Fresh instances of every rule for one patient, in evaluation order (rules other rules read come first). */
export function createRules(): Rule[] {
  return [new HypotensionRule(), new AfRrRule()];
}
