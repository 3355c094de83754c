import { RulesService } from '../src/rules/rules.service';
import { DatabaseModule } from '../src/database/database.module';
import { databaseKinds } from './support/test-databases';
import { startTestApp } from './support/test-app';
import { StartedApps } from './support/started-apps';
import { expectEventually } from './support/expect-eventually';

/**
 * A setup hook that times out leaves its start running; what it starts must still be closed, and an
 * app started in the test process must never end that process (a dead jest worker hides the failure).
 * `tracker.closeAll` is what runs after each test file (test/support/after-each-file.ts).
 */
describe.each(databaseKinds)('a test app whose setup timed out on %s', (kind) => {
  afterEach(() => jest.restoreAllMocks());

  it('is closed when its file ends while it is still waiting to be ready, and its start fails instead of hanging', async () => {
    // Readiness never comes: the rules are never started.
    jest.spyOn(RulesService.prototype, 'start').mockImplementation(() => undefined);
    const shutdown = jest.spyOn(DatabaseModule.prototype, 'onApplicationShutdown');
    const tracker = new StartedApps();
    const starting = startTestApp(kind, {}, undefined, { tracker });
    const outcome = starting.then(() => 'started', (e: Error) => e.message);
    // Up and listening, but not ready: where a 60-s beforeAll would time out.
    await expectEventually(() => expect(tracker.openCount).toBe(1), 60_000);
    expect(shutdown).not.toHaveBeenCalled();
    await tracker.closeAll(30_000);
    expect(await outcome).toMatch(/finished while this app was still starting/);
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(tracker.openCount).toBe(0);
  }, 120_000);

  it('is closed when its file ends, started but never closed by its spec (an afterAll that timed out or never ran)', async () => {
    const shutdown = jest.spyOn(DatabaseModule.prototype, 'onApplicationShutdown');
    const tracker = new StartedApps();
    const app = await startTestApp(kind, {}, undefined, { tracker });
    expect((await app.request('GET', '/health')).status).toBe(200);
    await tracker.closeAll(30_000);
    expect(shutdown).toHaveBeenCalledTimes(1);
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
    // A spec's own close afterwards is harmless (closed once).
    await app.close();
    expect(shutdown).toHaveBeenCalledTimes(1);
  }, 120_000);

  it('is closed at once when its start returns after its file ended', async () => {
    const shutdown = jest.spyOn(DatabaseModule.prototype, 'onApplicationShutdown');
    const tracker = new StartedApps();
    const starting = startTestApp(kind, {}, undefined, { tracker });
    const outcome = starting.then(() => 'started', (e: Error) => e.message);
    // The file ends while the app is still being built (createApp has not returned yet).
    expect(tracker.openCount).toBe(0);
    await tracker.closeAll(60_000);
    expect(await outcome).toMatch(/started after its test file had finished/);
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(tracker.openCount).toBe(0);
  }, 120_000);
});

describe('an app that fails to start in the test process', () => {
  afterEach(() => jest.restoreAllMocks());

  it('rejects with the reason and never calls process.exit', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const abort = jest.spyOn(process, 'abort').mockImplementation((() => undefined) as never);
    const tracker = new StartedApps();
    // Nothing listens on port 1: opening the database fails while Nest builds the app.
    const unreachable = { kind: 'postgresql' as const, url: 'postgresql://postgres@127.0.0.1:1/none', drop: async () => undefined };
    const outcome = await startTestApp('postgresql', {}, unreachable, { tracker }).then(() => 'started', (e: Error) => e.message);
    expect(outcome).toMatch(/cannot reach the database/);
    expect(exit).not.toHaveBeenCalled();
    expect(abort).not.toHaveBeenCalled();
    expect(tracker.openCount).toBe(0);
  }, 60_000);
});
