import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../repo-root';
import { countLines, readExpected, readStream, replay, streamItems } from './replay.command';

const scenarios = resolve(repoRoot, 'libs/rules/scenarios');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (s: string) => void out.push(s), e: (s: string) => void err.push(s) };
}

describe('vigil replay --offline', () => {
  it('exits 0 when the transitions match --expect', async () => {
    const c = capture();
    const code = await replay({ file: join(scenarios, 'hypotension-nibp-medium.ndjson'), expect: join(scenarios, 'hypotension-nibp-medium.expected.ndjson') }, c.o, c.e);
    expect(code).toBe(0);
    expect(c.out.join('')).toContain('raised');
    // Each human line names the patient and where they lie, not just the rule.
    expect(c.out.join('')).toMatch(/^2026-11-26T\S+ P1 \(W-ONC-4 bed 12\) raised +hypotension /);
    expect(c.err.join('')).toMatch(/2 transition\(s\) match/);
  });

  it('exits 1 and prints the differences when they do not match', async () => {
    const c = capture();
    const code = await replay({ file: join(scenarios, 'hypotension-nibp-medium.ndjson'), expect: join(scenarios, 'hypotension-single-below-70-high.expected.ndjson') }, c.o, c.e);
    expect(code).toBe(1);
    expect(c.err.join('')).toMatch(/expected .* high .*\n\s+actual .* low/);
  });

  it('--json prints one EngineTransition per line; --thresholds applies engine-wide overrides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-replay-'));
    const th = join(dir, 'th.json');
    writeFileSync(th, JSON.stringify({ sbpLow: 80 }));
    const plain = capture();
    await replay({ file: join(scenarios, 'hypotension-nibp-medium.ndjson'), json: true }, plain.o, plain.e);
    const lines = plain.out.join('').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'raised', alert: { rule: 'hypotension', severity: 'low' } });
    expect(JSON.parse(lines[1])).toMatchObject({ type: 'updated', alert: { rule: 'hypotension', severity: 'medium' } });
    const strict = capture();
    await replay({ file: join(scenarios, 'hypotension-nibp-medium.ndjson'), json: true, thresholds: th }, strict.o, strict.e);
    // SBP 84 is not below an 80 mmHg threshold: nothing fires.
    expect(strict.out.join('')).toBe('');
  });

  it('names the line that is not JSON', () => {
    expect(() => readStream('{"_comment":"x"}\n\n{"id":"a",\n', 's.ndjson')).toThrow(/^s\.ndjson:3: not a JSON object/);
  });

  it('names the line of an expectation file that is not JSON, before replaying', () => {
    expect(() => readExpected('{"type":"raised"}\n\n{"type":"raised",\n', 'e.ndjson')).toThrow(/^--expect e\.ndjson:3: not JSON/);
  });

  it('names the line of a tick without a time', () => {
    expect(() => readStream('{"type":"tick","time":"2026-11-26T10:00:00Z"}\n{"type":"tick","time":"soon"}\n', 's.ndjson')).toThrow('s.ndjson:2: time: a tick needs an ISO time (got "soon")');
    expect(() => readStream('{"type":"tick"}\n', 's.ndjson')).toThrow('s.ndjson:1: time: a tick needs an ISO time (got undefined)');
  });

  it('rejects an invalid event with its line number', () => {
    expect(() => readStream('{"_comment":"x"}\n{"id":"a","patientId":"P","time":"2026-11-26T10:00:00Z","type":"vitals"}\n', 's.ndjson')).toThrow(/s\.ndjson:2/);
  });
});

describe('reading a stream as it is replayed', () => {
  const tick = (m: number) => `{"type":"tick","time":"2026-11-26T00:0${m}:00.000Z"}`;

  it('yields the items readStream gives, one at a time, and counts lines with or without a final newline', () => {
    const text = ['// a recording', tick(1), '', '{"_comment":"x"}', tick(2)].join('\n');
    for (const t of [text, text + '\n', text + '\r\n']) {
      const seen: string[] = [];
      const it = streamItems(t, 's.ndjson');
      const first = it.next();
      // Lazy: the first item is out before the rest of the text is read.
      expect(first.value).toEqual({ type: 'tick', time: '2026-11-26T00:01:00.000Z' });
      for (const item of it) seen.push(item.time);
      expect(seen).toEqual(['2026-11-26T00:02:00.000Z']);
      expect([...streamItems(t, 's.ndjson')]).toEqual(readStream(t, 's.ndjson'));
    }
    expect(countLines(text)).toBe(5);
    expect(countLines(text + '\n')).toBe(5);
    expect(countLines('')).toBe(0);
  });

  it('names the file and line of an invalid line only when it is reached', () => {
    const it = streamItems([tick(1), '{"type":"vitals"}', tick(3)].join('\n'), 's.ndjson');
    expect(it.next().done).toBe(false);
    expect(() => it.next()).toThrow(/^s\.ndjson:2: /);
  });
});
