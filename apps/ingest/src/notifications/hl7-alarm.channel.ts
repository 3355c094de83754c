import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { buildOruR40, frameMllp, MllpDecoder, parseHl7 } from '@vigil/interop';
import type { EscalationNotice, NotificationChannel } from './notification-channel';

/**
 * Sends the escalation as an HL7 ORU^R40 over MLLP to a paging or alarm gateway (host:port) and waits
 * for its ACK: MSA-1 AA or CA is delivered; AE, AR, CE, CR, a wrong control id, a timeout or a closed
 * connection is a failure (retried by the service). One connection per message: alarms are rare.
 */
export class Hl7AlarmChannel implements NotificationChannel {
  readonly name = 'hl7' as const;
  readonly target: string;
  private readonly host: string;
  private readonly port: number;

  constructor(
    peer: string,
    private readonly receiver: string,
    private readonly timeoutMs: number,
  ) {
    const i = peer.lastIndexOf(':');
    this.host = peer.slice(0, i).replace(/^\[|\]$/g, '');
    this.port = Number(peer.slice(i + 1));
    this.target = `mllp://${peer}`;
  }

  send(notice: EscalationNotice, deliveryId: string): Promise<void> {
    // MSH-10 at most 199 characters; unique per attempt so a late ACK of an earlier one is not taken for this one.
    const controlId = `${notice.seq}-${notice.alert.escalationLevel}-${randomUUID().slice(0, 8)}`;
    const message = buildOruR40(notice.alert, { controlId, sentAt: new Date().toISOString(), phase: 'escalate', patientName: notice.patientName, receivingApp: this.receiver });
    return new Promise<void>((resolve, reject) => {
      const decoder = new MllpDecoder();
      let done = false;
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        socket.destroy();
        if (error) reject(new Error(`${this.target} (${deliveryId}): ${error.message}`));
        else resolve();
      };
      const socket = connect({ host: this.host, port: this.port });
      socket.setTimeout(this.timeoutMs, () => finish(new Error(`no ACK within ${this.timeoutMs} ms`)));
      socket.on('connect', () => socket.write(frameMllp(message)));
      socket.on('data', (chunk) => {
        for (const text of decoder.push(chunk).messages) {
          const parsed = parseHl7(text);
          if (!parsed.ok) return finish(new Error(`unreadable reply: ${parsed.reason}`));
          const code = parsed.message.get('MSA-1');
          const acked = parsed.message.get('MSA-2');
          if (acked !== controlId) return finish(new Error(`ACK for control id ${acked || '(none)'}, expected ${controlId}`));
          if (code === 'AA' || code === 'CA') return finish();
          return finish(new Error(`peer answered ${code || '(no MSA-1)'}${parsed.message.get('MSA-3') ? `: ${parsed.message.get('MSA-3')}` : ''}`));
        }
      });
      socket.on('error', (e) => finish(e));
      socket.on('close', () => finish(new Error('connection closed before an ACK')));
    });
  }
}
