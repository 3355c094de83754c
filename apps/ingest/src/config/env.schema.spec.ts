import { parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('defaults to the embedded database with the demo on', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, MLLP_PORT: 2575, VIGIL_DATA_DIR: './.data', demo: true });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('turns the demo off with a database server unless asked, and treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h/db' }).demo).toBe(false);
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h/db', VIGIL_DEMO: 'on' }).demo).toBe(true);
    const blank = parseEnv({ DATABASE_URL: '', PORT: '' });
    expect(blank.DATABASE_URL).toBeUndefined();
    expect(blank).toMatchObject({ PORT: 3000, demo: true });
  });

  it('future-dated tolerance defaults to 5 min; the ward time zone must be a real IANA zone', () => {
    expect(parseEnv({}).VIGIL_FUTURE_TOLERANCE_S).toBe(300);
    expect(parseEnv({ VIGIL_FUTURE_TOLERANCE_S: '60', VIGIL_WARD_TIME_ZONE: 'Europe/Paris' })).toMatchObject({ VIGIL_FUTURE_TOLERANCE_S: 60, VIGIL_WARD_TIME_ZONE: 'Europe/Paris' });
    expect(() => parseEnv({ VIGIL_WARD_TIME_ZONE: 'Mars/Olympus' })).toThrow(/VIGIL_WARD_TIME_ZONE: must be an IANA time zone/);
  });

  it('names every bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*JWT_SECRET/);
  });
});
