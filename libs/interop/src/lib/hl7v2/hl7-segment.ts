import type { Hl7Encoding } from './hl7-encoding';
import { unescapeHl7 } from './hl7-escape';

/**
 * One segment with its raw (still escaped) fields, indexed by HL7 field number: `raw[3]` is PID-3.
 * For MSH, `raw[1]` is the field separator itself, so MSH-10 is `raw[10]` as in the standard.
 * Accessors are 1-based like the spec (PID-3.1, OBX-5 repetition 2) and return '' when absent,
 * so mapping code reads like the interface documents it implements.
 */
export class Hl7Segment {
  constructor(
    readonly name: string,
    readonly raw: readonly string[],
    private readonly encoding: Hl7Encoding,
    /** 0-based position of the segment in its message (for error locations). */
    readonly index: number,
  ) {}

  /** Number of the last field present. */
  get fieldCount(): number {
    return this.raw.length - 1;
  }

  /** Raw text of field n (all repetitions, still escaped). MSH-1 and MSH-2 are returned verbatim. */
  rawField(n: number): string {
    return this.raw[n] ?? '';
  }

  /** Split fields, filled on first read: mappers read the same OBX fields several times. */
  private readonly splitCache = new Map<number, string[][]>();

  private readonly repetitionCache = new Map<number, string[]>();

  /** Raw repetitions of field n; an empty field has no repetitions. */
  repetitions(n: number): readonly string[] {
    let cached = this.repetitionCache.get(n);
    if (!cached) {
      const field = this.rawField(n);
      cached = field === '' ? [] : (this.name === 'MSH' && n <= 2) || !this.encoding.repetition ? [field] : field.split(this.encoding.repetition);
      this.repetitionCache.set(n, cached);
    }
    return cached;
  }

  /** Raw components of each repetition of field n (cached). */
  private split(n: number): string[][] {
    let cached = this.splitCache.get(n);
    if (!cached) {
      cached = this.repetitions(n).map((rep) => splitOn(rep, this.encoding.component));
      this.splitCache.set(n, cached);
    }
    return cached;
  }

  /**
   * Unescaped value of field n, component c (default 1), subcomponent s (default: the whole component),
   * repetition r (default 1). `value(3)` is PID-3.1 of the first repetition.
   */
  value(n: number, c = 1, s?: number, r = 1): string {
    if (this.name === 'MSH' && n <= 2) return this.rawField(n);
    const repetition = this.split(n)[r - 1];
    if (repetition === undefined) return '';
    const component = repetition[c - 1] ?? '';
    const text = s === undefined ? component : (splitOn(component, this.encoding.subcomponent)[s - 1] ?? '');
    const value = unescapeHl7(text, this.encoding).trim();
    // "" is HL7's explicit null ("delete this value"); for reading it is simply absent.
    return value === '""' ? '' : value;
  }

  /** All components of one repetition of field n, unescaped (subcomponents kept joined). */
  components(n: number, r = 1): string[] {
    const repetition = this.split(n)[r - 1];
    if (repetition === undefined) return [];
    return repetition.map((c) => unescapeHl7(c, this.encoding).trim());
  }

  /** The whole field as text with escapes resolved (delimiters kept), for messages and logs. */
  text(n: number): string {
    return unescapeHl7(this.rawField(n), this.encoding);
  }
}

function splitOn(text: string, separator: string): string[] {
  return separator ? text.split(separator) : [text];
}
