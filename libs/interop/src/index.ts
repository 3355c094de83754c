// Public API of @vigil/interop: pure HL7 v2 / MLLP / FHIR R4 parsing and mapping to canonical events (no IO).
export * from './lib/mllp/mllp.constants';
export * from './lib/mllp/mllp-decoder';
export * from './lib/mllp/mllp-encoder';
