/**
 * True when an error means the database cannot be reached right now (server down, connection cut,
 * database not accepting connections), as opposed to a bad query. Those become 503 STORE.UNAVAILABLE.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}

const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '55000', '53300']);
const UNAVAILABLE_MESSAGES = [/Code: `(57P0[123]|08\d\d\d|55000|53300)`/, /ECONNREFUSED|ECONNRESET|Connection terminated|connection is closed|not currently accepting connections|Can't reach database/i];
