import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A reader for the two PhysioNet WFDB files the AF validation needs: the record header (`.hea`, its
 * first line) and the reference annotations (`.atr`, MIT binary annotation format, annot(5)).
 * No signal files: RR intervals come from the annotated beats.
 */

export interface WfdbHeader {
  record: string;
  signals: number;
  /** Sampling frequency, Hz (WFDB default 250 when the header omits it). */
  fs: number;
  /** Samples per signal, or null when the header omits it. */
  samples: number | null;
}

/** Parses a header's record line: `name[/segments] nsig [fs[/counterfreq][(base)] [nsamp ...]]`. */
export function parseHeader(text: string, file = '.hea'): WfdbHeader {
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  if (!line) throw new WfdbError(`${file}: no record line`);
  const [record, nsig, fsField, nsamp] = line.trim().split(/\s+/);
  const signals = Number(nsig);
  if (!record || !Number.isInteger(signals) || signals < 0) throw new WfdbError(`${file}:1: record line "${line.trim()}" lacks a signal count`);
  const fs = fsField === undefined ? 250 : Number.parseFloat(fsField.split('/')[0]);
  if (!(fs > 0)) throw new WfdbError(`${file}:1: sampling frequency "${fsField}" is not a positive number`);
  const samples = nsamp === undefined ? null : Number(nsamp);
  if (samples !== null && !(Number.isInteger(samples) && samples >= 0)) throw new WfdbError(`${file}:1: sample count "${nsamp}" is not a whole number`);
  return { record: record.split('/')[0], signals, fs, samples };
}

export interface WfdbAnnotation {
  sample: number;
  /** WFDB annotation code (1 = N, 5 = V, 8 = A, 28 = rhythm change, …; ecgcodes.h). */
  code: number;
  sub: number;
  chan: number;
  num: number;
  aux: string;
}

const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;

/**
 * Decodes a MIT-format annotation file: 16-bit little-endian words, code in the top 6 bits and the
 * sample interval since the previous annotation in the low 10; SKIP carries a 32-bit interval (high
 * word first); NUM/SUB/CHN set fields of the annotation just read (num and chan persist, as in
 * WFDB); AUX's low 10 bits are the length of the aux string that follows (padded to even). A zero
 * word ends the file.
 */
export function parseAnnotations(buf: Uint8Array, file = '.atr'): WfdbAnnotation[] {
  const out: WfdbAnnotation[] = [];
  let sample = 0;
  let num = 0;
  let chan = 0;
  let i = 0;
  const word = (at: number) => {
    if (at + 1 >= buf.length) throw new WfdbError(`${file}: truncated at byte ${at} (no end-of-file word)`);
    return buf[at] | (buf[at + 1] << 8);
  };
  for (;;) {
    const w = word(i);
    i += 2;
    if (w === 0) return out;
    const code = w >> 10;
    const value = w & 0x3ff;
    const last = out[out.length - 1];
    switch (code) {
      case SKIP: {
        const hi = word(i);
        const lo = word(i + 2);
        i += 4;
        sample += ((hi << 16) | lo) | 0; // signed 32-bit
        break;
      }
      case NUM:
        num = value > 511 ? value - 1024 : value;
        if (last) last.num = num;
        break;
      case SUB:
        if (last) last.sub = value > 511 ? value - 1024 : value;
        break;
      case CHN:
        chan = value;
        if (last) last.chan = chan;
        break;
      case AUX: {
        if (i + value > buf.length) throw new WfdbError(`${file}: aux string at byte ${i} runs past the end of the file`);
        let s = '';
        for (let k = 0; k < value && buf[i + k] !== 0; k++) s += String.fromCharCode(buf[i + k]);
        if (last) last.aux = s;
        i += value + (value & 1);
        break;
      }
      default:
        if (code === 0) throw new WfdbError(`${file}: annotation code 0 with interval ${value} at byte ${i - 2} (not MIT format?)`);
        sample += value;
        out.push({ sample, code, sub: 0, chan, num, aux: '' });
    }
  }
}

/**
 * WFDB beat codes (isqrs) mapped to the `rr` event's beat classes: N normal (N, L, R, B, e, j),
 * S supraventricular ectopic (A, a, J, S, n), V ventricular ectopic (V, E, F fusion, r R-on-T),
 * P paced (/, f), Q unclassifiable (Q). Codes that are not beats are absent.
 */
export const BEAT_CLASS: Readonly<Record<number, 'N' | 'S' | 'V' | 'P' | 'Q'>> = {
  1: 'N', // N normal
  2: 'N', // L left bundle branch block
  3: 'N', // R right bundle branch block
  25: 'N', // B bundle branch block (unspecified)
  34: 'N', // e atrial escape
  11: 'N', // j nodal (junctional) escape
  8: 'S', // A atrial premature
  4: 'S', // a aberrated atrial premature
  7: 'S', // J nodal premature
  9: 'S', // S supraventricular premature
  35: 'S', // n supraventricular escape
  5: 'V', // V premature ventricular contraction
  10: 'V', // E ventricular escape
  6: 'V', // F fusion of ventricular and normal
  41: 'V', // r R-on-T premature ventricular
  12: 'P', // / paced
  38: 'P', // f fusion of paced and normal
  13: 'Q', // Q unclassifiable
};

export const RHYTHM_CHANGE = 28;

export class WfdbError extends Error {}

/** Reads `<dir>/<record>.hea` and `<dir>/<record>.atr`. */
export function readWfdb(dir: string, record: string): { header: WfdbHeader; annotations: WfdbAnnotation[] } {
  const hea = join(dir, `${record}.hea`);
  const atr = join(dir, `${record}.atr`);
  return { header: parseHeader(readFileSync(hea, 'utf8'), hea), annotations: parseAnnotations(readFileSync(atr), atr) };
}
