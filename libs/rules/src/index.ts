export { RulesEngine, type RulesEngineOptions } from './lib/rules-engine';
export { defaultThresholds, thresholdKeys, DEFAULT_THRESHOLDS_VERSION, type ThresholdSet, type ThresholdValues, type ThresholdKey } from './lib/threshold-set';
export { news2Score, type News2Inputs, type News2Result, type News2Band } from './lib/news2/news2-score';
export { DashAfDetector, type DashWindow, type DashParams } from './lib/af/dash-af-detector';
export { dashFeatures, isDashAf, type DashFeatures } from './lib/af/dash-features';
export { RollingRatioReference, FixedRatioReference, recordPercentiles, percentileSorted, type RatioReference, type RatioPercentiles } from './lib/af/ratio-percentiles';
export { replayStream, summarize, normalizeExpected, compareTransitions, type ReplayOptions, type StreamItem, type TransitionSummary } from './lib/replay/offline-replay';
export { toMs, toIso, parseTime } from './lib/time';
