// `npm start`: build the service and the dashboard if needed, then run the compiled service (API, socket.io, dashboard, MLLP)
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
// The compiled build (scripts/build-node.cjs: TypeScript to JavaScript) and the dashboard's static
// files, through nx's cache: rebuilt only when a source changed, so a second start is quick.
// DASHBOARD_DIR set empty: the service without the dashboard (not built).
const projects = env.DASHBOARD_DIR === '' ? 'ingest' : 'ingest,dashboard';
console.log(`building ${projects.replace(',', ' and ')} (cached after the first run)…`);
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', projects, '--outputStyle=static'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env });
if (build.status !== 0) {
  console.error(`build failed: run \`npx nx run-many -t build -p ${projects}\` to see why`);
  process.exit(build.status ?? 1);
}
// The service is a child with an IPC channel: it stops (draining) when this process goes, however it
// goes (the channel closes even on SIGKILL). Signals are forwarded; and since npm does not always pass
// a signal on through its shell, a change of parent (npm gone) stops the service too.
const child = spawn(process.execPath, ['--enable-source-maps', 'dist/node/apps/ingest/src/main.js'], { cwd: root, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
const stop = (sig) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(sig);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig === 'SIGHUP' ? 'SIGTERM' : sig));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500).unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
