import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signature (docs/NOTIFICATIONS.md): HMAC-SHA256 with the shared secret over
 * `<timestamp>.<raw body>`, hex, sent as `X-Vigil-Signature: v1=<hex>` with `X-Vigil-Timestamp`
 * (Unix seconds). Signing the timestamp lets a receiver refuse old requests (replays).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and the tests do): constant-time compare, and a timestamp within the tolerance. */
export function verifyWebhook(secret: string, headers: { timestamp: string | undefined; signature: string | undefined }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds || !headers.signature) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
