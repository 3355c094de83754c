/**
 * Throughput of the pure HL7 path the MLLP listener runs per message: decode a framed stream, map,
 * build the ACK. Run: node -r @swc-node/register libs/interop/bench/hl7.bench.ts
 * (A benchmark, not a test: numbers depend on the machine.)
 */
import { buildAck, frameMllp, mapFhir, mapHl7Message, MllpDecoder } from '../src';

const monitor = (i: number) =>
  [
    `MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||ORU^R01^ORU_R01|M${i}|P|2.6`,
    `PID|||P-${i % 2000}^^^HOSP^MR`,
    'OBR|1|||182777000^monitoring of patient^SNOMED-CT|||20261126101500+0000',
    'OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|92|266016^MDC_DIM_MMHG^MDC|||||R',
    'OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|58|266016^MDC_DIM_MMHG^MDC|||||R',
    'OBX|3|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|69|266016^MDC_DIM_MMHG^MDC|||||R',
    'OBX|4|NM|147842^MDC_ECG_HEART_RATE^MDC|1.2.1.1|112|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R',
    'OBX|5|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.1|95|262688^MDC_DIM_PERCENT^MDC|||||R',
    'OBX|6|NM|151562^MDC_RESP_RATE^MDC|1.4.1.1|21|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R',
    'OBX|7|NM|150364^MDC_TEMP_BODY^MDC|1.5.1.1|38.6|268192^MDC_DIM_DEGC^MDC|||||R',
  ].join('\r');

function time(label: string, count: number, fn: () => void): void {
  const start = performance.now();
  fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${Math.round((count / ms) * 1000).toLocaleString('en')} /s  (${count} in ${ms.toFixed(0)} ms)`);
}

const N = 50_000;
const messages = Array.from({ length: N }, (_, i) => monitor(i));
const framed = messages.map((m) => frameMllp(m));
const at = new Date(0);

time('MLLP decode (1 frame per chunk)', N, () => {
  const d = new MllpDecoder();
  for (const f of framed) d.push(f);
});
time('mapHl7Message (7 vitals OBX → 1 event)', N, () => {
  for (const m of messages) mapHl7Message(m);
});
time('decode + map + buildAck + frame', N, () => {
  const d = new MllpDecoder();
  for (const f of framed) for (const m of d.push(f).messages) frameMllp(buildAck(m, mapHl7Message(m), { at }));
});
const observation = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, subject: { reference: 'Patient/P-1' }, effectiveDateTime: '2026-11-26T10:15:00Z', valueQuantity: { value: 112, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } };
time('mapFhir (one Observation)', N, () => {
  for (let i = 0; i < N; i++) mapFhir({ ...observation, id: `o${i}` });
});
