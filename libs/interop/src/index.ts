// Public API of @vigil/interop: pure HL7 v2 / MLLP / FHIR R4 parsing and mapping to canonical events (no IO).
export * from './lib/mllp/mllp.constants';
export * from './lib/mllp/mllp-decoder';
export * from './lib/mllp/mllp-encoder';
export * from './lib/hl7v2/hl7-encoding';
export * from './lib/hl7v2/hl7-escape';
export * from './lib/hl7v2/hl7-segment';
export * from './lib/hl7v2/hl7-message';
export * from './lib/hl7v2/hl7-batch';
export * from './lib/hl7v2/hl7-datetime';
export * from './lib/hl7v2/hl7-map.types';
export * from './lib/hl7v2/hl7-map';
export * from './lib/hl7v2/hl7-ack';
export * from './lib/mapping/observation-target';
export * from './lib/mapping/code-lookup';
export * from './lib/mapping/unit-conversion';
export * from './lib/mapping/rhythm-label';
export { makeEventId, stableHash } from './lib/mapping/event-id';
