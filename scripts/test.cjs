// `npm test`: lint, typecheck and every test of every project (unit, integration against PGlite and,
// with TEST_DATABASE_URL, PostgreSQL; scenario suites; the browser test), then the CLI checks.
const { spawnSync } = require('node:child_process');
const env = { ...process.env, NX_DAEMON: 'false' };
const run = (args) => spawnSync('npx', args, { stdio: 'inherit', env }).status ?? 1;
const status = run(['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--outputStyle=stream', '--skip-nx-cache']);
process.exit(status);
