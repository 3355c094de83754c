// `npm start`: build the dashboard if needed, then run the service (API, socket.io, dashboard, MLLP)
// on one port. Without DATABASE_URL it uses the embedded database in ./.data with the demo ward.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
const env = { ...process.env, NX_DAEMON: 'false' };
// The README's two commands: with no database server and no choice made, `npm start` is the demo.
// The service itself never turns the demo on by itself (docs/SECURITY.md).
if (!env.DATABASE_URL && env.VIGIL_DEMO === undefined) {
  env.VIGIL_DEMO = '1';
  console.log('no DATABASE_URL and no VIGIL_DEMO: starting the demo ward (VIGIL_DEMO=1); set VIGIL_DEMO=0 for a real deployment');
}

if (!existsSync(join(root, 'apps/ingest/src/prisma/generated/client.ts'))) {
  spawnSync('node', ['prisma/generate.cjs'], { cwd: root, stdio: 'inherit', env });
}
console.log('building the dashboard (cached after the first run)…');
const build = spawnSync('npx', ['nx', 'run', 'dashboard:build', '--outputStyle=static'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env });
if (build.status !== 0) {
  console.error('dashboard build failed: run `npx nx run dashboard:build` to see why');
  process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ingest/src/main.ts'], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
