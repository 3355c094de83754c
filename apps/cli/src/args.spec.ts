import { closest, parseArgs, UsageError, wholeNumber, type OptionSpec } from './args';

const spec: OptionSpec = { valued: ['patients', 'out', 'speed'], flags: ['json', 'max'], positionals: 1 };
const refusal = (argv: string[]) => {
  try {
    parseArgs(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('parseArgs', () => {
  it('reads positionals, on/off options and values given either way', () => {
    const a = parseArgs(['f.ndjson', '--patients', '4', '--out=/tmp/x', '--json', '--speed', '-2'], spec);
    expect(a.positionals).toEqual(['f.ndjson']);
    expect(Object.fromEntries(a.flags)).toEqual({ patients: '4', out: '/tmp/x', json: true, speed: '-2' });
  });

  it('refuses an option the command does not take, naming the likely one', () => {
    expect(refusal(['--patiens', '4'])).toBe('unknown option --patiens (did you mean --patients?)');
    expect(refusal(['--colour'])).toBe('unknown option --colour');
  });

  it('refuses a valued option without its value instead of reading it as on', () => {
    expect(refusal(['--out'])).toBe('--out needs a value');
    expect(refusal(['--out', '--json'])).toBe('--out needs a value');
    expect(refusal(['--out='])).toBe('--out needs a value');
  });

  it('refuses an option given twice, a value on an on/off option, and extra arguments', () => {
    expect(refusal(['--patients', '4', '--patients=5'])).toBe('--patients is given twice');
    expect(refusal(['--json=yes'])).toBe('--json takes no value (got "yes")');
    expect(refusal(['a', 'b'])).toBe('unexpected argument "b"');
    expect(() => parseArgs(['a'], { valued: [] })).toThrow('unexpected argument "a" (this command takes options only)');
  });
});

describe('closest', () => {
  it('gives the one candidate within two edits, and nothing when two are as near', () => {
    expect(closest('sbplow', ['sbpLow', 'mapLow'])).toBe('sbpLow');
    expect(closest('spLow', ['sbpLow', 'mapLow'])).toBe('sbpLow');
    expect(closest('xyz', ['sbpLow', 'mapLow'])).toBeUndefined();
    expect(closest('ab', ['ac', 'ad'])).toBeUndefined();
  });
});

describe('wholeNumber', () => {
  it('gives the fallback when absent, the number when whole and in range, and refuses the rest', () => {
    const a = (v?: string) => parseArgs(v === undefined ? [] : ['--speed', v], spec);
    expect(wholeNumber(a(), 'speed', 7, 1, 64)).toBe(7);
    expect(wholeNumber(a('64'), 'speed', 7, 1, 64)).toBe(64);
    for (const bad of ['0', '65', '2.5', 'x']) expect(() => wholeNumber(a(bad), 'speed', 7, 1, 64)).toThrow(`--speed must be a whole number from 1 to 64 (got "${bad}")`);
  });
});
