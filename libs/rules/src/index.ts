export { RulesEngine, type RulesEngineOptions } from './lib/rules-engine';
export { defaultThresholds, thresholdKeys, DEFAULT_THRESHOLDS_VERSION, type ThresholdSet, type ThresholdValues, type ThresholdKey } from './lib/threshold-set';
export { news2Score, type News2Inputs, type News2Result, type News2Band } from './lib/news2/news2-score';
