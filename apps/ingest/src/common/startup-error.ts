/**
 * A reason not to start that the operator fixes (a locked data directory, an unreachable database):
 * logged as its message alone, without a stack trace, because it is not a bug.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
    this.stack = `${this.name}: ${message}`;
  }
}
