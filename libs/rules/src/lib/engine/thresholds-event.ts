import type { EventOf } from '@vigil/contracts';

export type ThresholdsEvent = EventOf<'thresholds'>;
