import type { EscalationNotice, NotificationChannel } from './notification-channel';
import { signWebhook } from './webhook-signature';

/** POSTs the escalation as JSON, signed (see webhook-signature.ts); any 2xx is delivered. */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;
  readonly target: string;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
  ) {
    // Recorded target without credentials or query (a token in the URL is a secret too).
    const u = new URL(url);
    this.target = `${u.protocol}//${u.host}${u.pathname}`;
  }

  async send(notice: EscalationNotice, deliveryId: string): Promise<void> {
    const a = notice.alert;
    const body = JSON.stringify({
      type: 'alert.escalated',
      deliveryId,
      seq: notice.seq,
      at: notice.at,
      alert: { id: a.id, patientId: a.patientId, patientName: notice.patientName, wardId: a.wardId, bed: a.bed, rule: a.rule, severity: a.severity, state: a.state, escalationLevel: a.escalationLevel, openedAt: a.openedAt, message: a.message },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Vigil-Webhook/1', 'x-vigil-delivery': deliveryId, 'x-vigil-timestamp': String(timestamp), 'x-vigil-signature': signWebhook(this.secret, timestamp, body) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      throw new Error(`${this.target} unreachable: ${(e as Error).message}`, { cause: e });
    }
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`${this.target} answered ${res.status}`);
  }
}
