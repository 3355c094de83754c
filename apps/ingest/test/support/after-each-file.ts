// After each test file: close any service it started and left open, including one whose setup hook
// timed out while it was starting (started-apps.ts). Runs after the file's own afterAll
// hooks (those of its describe blocks), so a spec's own close comes first.
import { startedApps } from './started-apps';

afterAll(() => startedApps.closeAll(90_000), 120_000);
