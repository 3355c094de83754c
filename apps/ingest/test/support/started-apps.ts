/**
 * The services a test file started and has not closed. A setup hook that times out does not stop
 * its start: jest moves on, and the app the start returns later (its timers, sockets, database) is
 * held by nothing and outlives the file's tests. So every start registers here; once the file's
 * tests are over (after-each-file.ts, a jest setupFilesAfterEnv), `closeAll` closes what is open, ends the waits
 * of starts still waiting for readiness, and a start that returns after that closes its app at once.
 */
export class StartedApps {
  private readonly open = new Set<() => Promise<void>>();
  private readonly pending = new Set<Promise<unknown>>();
  private over = false;
  private endWaits!: (reason: Error) => void;
  /** Rejects once the file's tests are over: a start racing it stops waiting for readiness. */
  readonly abandoned = new Promise<never>((_, reject) => (this.endWaits = reject));

  constructor() {
    this.abandoned.catch(() => undefined);
  }

  /** A start under way, so `closeAll` can wait for it to return its app. */
  starting<T>(start: Promise<T>): Promise<T> {
    this.pending.add(start);
    const done = () => this.pending.delete(start);
    start.then(done, done);
    return start;
  }

  /**
   * An app now open, closed by `closeAll` unless its own close comes first (it calls the returned
   * function). Once the file's tests are over the app is closed at once and this rejects: nobody is
   * left to use or close it.
   */
  async hold(close: () => Promise<void>): Promise<() => void> {
    if (this.over) {
      await close();
      throw new Error('the test app started after its test file had finished (its setup timed out): closed at once');
    }
    this.open.add(close);
    return () => this.open.delete(close);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Closes every open app, after waiting up to `waitMs` for the starts still under way to return theirs. */
  async closeAll(waitMs: number): Promise<void> {
    this.over = true;
    this.endWaits(new Error('the test file finished while this app was still starting (its setup timed out)'));
    if (this.pending.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const cap = new Promise((r) => (timer = setTimeout(r, waitMs)));
      await Promise.race([Promise.allSettled([...this.pending]), cap]);
      clearTimeout(timer);
    }
    const closes = [...this.open];
    this.open.clear();
    await Promise.allSettled(closes.map((c) => c()));
  }
}

/** This test file's (jest loads modules per file). */
export const startedApps = new StartedApps();
