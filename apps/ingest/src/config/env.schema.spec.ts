import { parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('defaults to the embedded database, demo off, loopback only', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, MLLP_PORT: 2575, VIGIL_DATA_DIR: './.data', demo: false, HOST: '127.0.0.1', MLLP_ALLOWED_PEERS: '127.0.0.1/32,::1/128', MLLP_ADT_PEERS: '' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('runs the demo only when asked, never on a database server unless forced, and treats empty values as unset', () => {
    expect(parseEnv({ VIGIL_DEMO: '1' }).demo).toBe(true);
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h/db' }).demo).toBe(false);
    expect(() => parseEnv({ DATABASE_URL: 'postgresql://u@h/db', VIGIL_DEMO: 'on' })).toThrow(/Refusing to start[\s\S]*VIGIL_DEMO with DATABASE_URL/);
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h/db', VIGIL_DEMO: 'on', VIGIL_DEMO_FORCE: '1' }).demo).toBe(true);
    const blank = parseEnv({ DATABASE_URL: '', PORT: '' });
    expect(blank.DATABASE_URL).toBeUndefined();
    expect(blank).toMatchObject({ PORT: 3000, demo: false });
  });

  it('future-dated tolerance defaults to 5 min; the ward time zone must be a real IANA zone', () => {
    expect(parseEnv({}).VIGIL_FUTURE_TOLERANCE_S).toBe(300);
    expect(parseEnv({ VIGIL_FUTURE_TOLERANCE_S: '60', VIGIL_WARD_TIME_ZONE: 'Europe/Paris' })).toMatchObject({ VIGIL_FUTURE_TOLERANCE_S: 60, VIGIL_WARD_TIME_ZONE: 'Europe/Paris' });
    expect(() => parseEnv({ VIGIL_WARD_TIME_ZONE: 'Mars/Olympus' })).toThrow(/VIGIL_WARD_TIME_ZONE: must be an IANA time zone/);
  });

  it('names every bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*JWT_SECRET/);
  });

  it.each([
    [{ JWT_SECRET: 'change-me-to-a-long-random-string' }, /JWT_SECRET is a known placeholder/],
    [{ JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, /JWT_SECRET is a known placeholder/],
    [{ VIGIL_ADMIN_PASSWORD: 'vigil-demo-vigil-demo' }, /VIGIL_ADMIN_PASSWORD contains a demo credential/],
    [{ VIGIL_ADMIN_PASSWORD: 'short-pass' }, /VIGIL_ADMIN_PASSWORD: at least 12/],
    [{ MLLP_ALLOWED_PEERS: '*' }, /MLLP_ALLOWED_PEERS=\* lets any address/],
    [{ MLLP_ALLOWED_PEERS: '10.0.0.0/33' }, /MLLP_ALLOWED_PEERS: .*bad prefix/],
    [{ MLLP_ADT_PEERS: 'app:ADT' }, /MLLP_ADT_PEERS: .*not an IP address/],
    [{ MLLP_TLS_CERT_FILE: '/etc/vigil/mllp.crt' }, /MLLP over TLS needs MLLP_TLS_KEY_FILE, MLLP_TLS_CERT_FILE and MLLP_TLS_CA_FILE together/],
    [{ TRUST_PROXY: '*' }, /TRUST_PROXY=\* would believe X-Forwarded-For from anyone/],
    [{ TRUST_PROXY: 'nginx.local' }, /TRUST_PROXY: .*not an IP address/],
    [{ LIVE_ALLOWED_ORIGINS: 'https://vigil.example.org/dashboard' }, /LIVE_ALLOWED_ORIGINS: each entry must be an origin/],
    [{ LIVE_ALLOWED_ORIGINS: '*' }, /LIVE_ALLOWED_ORIGINS: each entry must be an origin/],
  ])('refuses to start with %j, saying why', (vars, why) => {
    expect(() => parseEnv(vars)).toThrow(why);
  });

  it('trusts no proxy by default; takes proxy CIDRs and extra live-socket origins', () => {
    expect(parseEnv({})).toMatchObject({ TRUST_PROXY: '', LIVE_ALLOWED_ORIGINS: 'http://localhost:4200,http://127.0.0.1:4200' });
    expect(parseEnv({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16', LIVE_ALLOWED_ORIGINS: 'https://vigil.example.org' })).toMatchObject({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' });
  });

  it('allows MLLP from anyone in demo mode only', () => {
    expect(parseEnv({ VIGIL_DEMO: '1', MLLP_ALLOWED_PEERS: '*' }).MLLP_ALLOWED_PEERS).toBe('*');
  });

  it('notifications: a webhook is always signed with a long secret; the HL7 peer is host:port', () => {
    expect(() => parseEnv({ VIGIL_WEBHOOK_URL: 'https://pager.example/hook' })).toThrow(/Refusing to start[\s\S]*VIGIL_WEBHOOK_URL without VIGIL_WEBHOOK_SECRET/);
    expect(() => parseEnv({ VIGIL_WEBHOOK_URL: 'https://pager.example/hook', VIGIL_WEBHOOK_SECRET: 'short' })).toThrow(/VIGIL_WEBHOOK_SECRET: at least 32 characters/);
    expect(() => parseEnv({ VIGIL_WEBHOOK_URL: 'ftp://pager.example/hook', VIGIL_WEBHOOK_SECRET: 'a'.repeat(40) })).toThrow(/VIGIL_WEBHOOK_URL: must be an http\(s\):\/\/ URL/);
    expect(() => parseEnv({ VIGIL_WEBHOOK_URL: 'https://pager.example/hook', VIGIL_WEBHOOK_SECRET: 'a'.repeat(40) })).toThrow(/VIGIL_WEBHOOK_SECRET is a known placeholder/);
    expect(parseEnv({ VIGIL_WEBHOOK_URL: 'https://pager.example/hook', VIGIL_WEBHOOK_SECRET: 'f3a9c1d27e8b4a6f9d0c2b5e7a1f3c4d', VIGIL_HL7_NOTIFY_PEER: 'gw.hosp.local:2575' })).toMatchObject({ VIGIL_NOTIFY_MAX_ATTEMPTS: 8, VIGIL_NOTIFY_BACKOFF_MS: 2000, VIGIL_HL7_NOTIFY_RECEIVER: 'ALARM_GW' });
    expect(() => parseEnv({ VIGIL_HL7_NOTIFY_PEER: 'gw.hosp.local' })).toThrow(/VIGIL_HL7_NOTIFY_PEER: must be host:port/);
  });

  it('cluster mode is off by default and needs a database server, a shared JWT secret and proper URLs', () => {
    expect(parseEnv({})).toMatchObject({ VIGIL_CLUSTER: false, VIGIL_PARTITIONS: 64 });
    expect(parseEnv({}).REDIS_URL).toBeUndefined();
    expect(() => parseEnv({ VIGIL_CLUSTER: '1' })).toThrow(/VIGIL_CLUSTER needs DATABASE_URL[\s\S]*VIGIL_CLUSTER needs JWT_SECRET/);
    expect(() => parseEnv({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => parseEnv({ VIGIL_NODE_ID: 'a b' })).toThrow(/VIGIL_NODE_ID: letters, digits/);
    const env = parseEnv({ VIGIL_CLUSTER: '1', DATABASE_URL: 'postgresql://u@h/db', JWT_SECRET: 'f3a9c1d27e8b4a6f9d0c2b5e7a1f3c4d', REDIS_URL: 'redis://cache:6379', VIGIL_PARTITIONS: '16' });
    expect(env).toMatchObject({ VIGIL_CLUSTER: true, VIGIL_PARTITIONS: 16, REDIS_URL: 'redis://cache:6379' });
  });
});
