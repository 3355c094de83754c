import { Injectable } from '@nestjs/common';

/**
 * Whether the service may accept work: false until the rules have rebuilt their state at start-up.
 * Listeners (HTTP ingest and API, MLLP, sockets) wait for it; `GET /health` does not.
 */
@Injectable()
export class ReadinessService {
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  private readyFlag = false;
  private readonly startedAt = Date.now();
  /** What start-up is doing (e.g. "replaying the event log"), with its progress, for `GET /ready`. */
  phase = 'starting';
  replayed = 0;
  readyAfterMs: number | null = null;

  get ready(): boolean {
    return this.readyFlag;
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  markReady(): void {
    if (this.readyFlag) return;
    this.readyFlag = true;
    this.phase = 'ready';
    this.readyAfterMs = Date.now() - this.startedAt;
    this.resolveReady();
  }

  status() {
    return { ready: this.readyFlag, phase: this.phase, replayedEvents: this.replayed, startingForMs: this.readyFlag ? undefined : Date.now() - this.startedAt, readyAfterMs: this.readyAfterMs ?? undefined };
  }
}
