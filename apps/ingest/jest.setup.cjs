// Ingest tests log nothing unless asked: with LOG_LEVEL unset, the service started in-process
// (test/support/test-app.ts) logs at `silent` and Nest's own logger (classes logging outside an app,
// in unit specs) is off. `LOG_LEVEL=warn|log|debug npx nx test ingest` (or the same before `npx jest
// -c apps/ingest/jest.config.cjs …`) shows them. Services started as their own process (startService)
// keep their own level: their output is a buffer the tests read, never printed.
if (!process.env.LOG_LEVEL) process.env.LOG_LEVEL = 'silent';

const NEST_LEVELS = {
  silent: false,
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};
const levels = NEST_LEVELS[process.env.LOG_LEVEL];
if (levels !== undefined) require('@nestjs/common').Logger.overrideLogger(levels);
