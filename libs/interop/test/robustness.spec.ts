import * as path from 'node:path';
import { parseClinicalEvent } from '@vigil/contracts';
import { buildAck, buildOperationOutcome, mapFhir, mapHl7Message, MllpDecoder, splitHl7Messages } from '../src';
import { dataFiles, readText, FIXTURES } from './data-dir';
import { prng } from './support/prng';

/**
 * "Nothing crashes the parser": every public sample, mutated many times in reproducible ways (bytes
 * dropped, delimiters and escape characters injected, truncation), must still give a result, never an
 * exception, and whatever is accepted must satisfy the event contract.
 */

const INJECT = ['|', '^', '~', '\\', '&', '\r', '\n', '\\X', '\\F\\', '""', '\u0000', 'MSH|', 'OBX|1|NM|8867-4^HR^LN||', '9'.repeat(30)];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const op = random();
    if (op < 0.35) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 20));
    else if (op < 0.8) out = out.slice(0, at) + INJECT[Math.floor(random() * INJECT.length)] + out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

function assertValidEvents(events: unknown[]): void {
  for (const e of events) expect(parseClinicalEvent(e).ok).toBe(true);
}

describe('robustness over mutated public samples', () => {
  const hl7Dir = path.join(FIXTURES, 'hl7v2-messages');
  const hl7 = dataFiles(hl7Dir, /\.(md|tsv)$/).flatMap((f) => splitHl7Messages(readText(hl7Dir, f)).messages);
  const fhirDir = path.join(FIXTURES, 'fhir-r4-examples');
  const fhir = dataFiles(fhirDir, /^(SOURCE\.md|package\.json)$/).map((f) => readText(fhirDir, f));

  it('HL7 v2: mapHl7Message and buildAck never throw; accepted events are valid', () => {
    expect(hl7.length).toBeGreaterThan(50);
    const random = prng(42);
    let accepted = 0;
    for (const message of hl7) {
      for (let i = 0; i < 40; i++) {
        const text = mutate(message, random);
        const result = mapHl7Message(text);
        expect(typeof buildAck(text, result, { at: new Date(0) })).toBe('string');
        if (result.ok) {
          accepted++;
          assertValidEvents(result.events);
        } else {
          expect(['AE', 'AR']).toContain(result.code);
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('MLLP: the decoder survives random bytes and still decodes the next good frame', () => {
    const random = prng(7);
    const decoder = new MllpDecoder({ maxFrameBytes: 4096 });
    for (let i = 0; i < 200; i++) {
      const junk = Uint8Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256));
      expect(() => decoder.push(junk)).not.toThrow();
    }
    decoder.reset();
    const good = new Uint8Array([0x0b, ...new TextEncoder().encode('MSH|^~\\&|ok'), 0x1c, 0x0d]);
    expect(decoder.push(good).messages).toEqual(['MSH|^~\\&|ok']);
  });

  it('FHIR: mapFhir and buildOperationOutcome never throw on mutated JSON values', () => {
    const random = prng(99);
    const values: unknown[] = [null, 0, -1, 1e308, '', 'x', true, [], {}, [null], { value: 'NaN' }, '2026-02-30T10:00:00Z'];
    const mutateJson = (node: unknown, depth: number): unknown => {
      if (random() < 0.08 || depth > 12) return values[Math.floor(random() * values.length)];
      if (Array.isArray(node)) return node.map((n) => mutateJson(n, depth + 1));
      if (node && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).filter(() => random() > 0.05).map(([k, v]) => [k, mutateJson(v, depth + 1)]));
      }
      return node;
    };
    for (const text of fhir) {
      const original = JSON.parse(text) as unknown;
      for (let i = 0; i < 25; i++) {
        const body = mutateJson(original, 0);
        const result = mapFhir(body);
        expect(buildOperationOutcome(result).resourceType).toBe('OperationOutcome');
        if (result.ok) assertValidEvents(result.events);
      }
    }
  });
});
