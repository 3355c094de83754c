import { Logger } from '@nestjs/common';
import { parseEnv } from './config/env.schema';
import { createApp } from './create-app';
import { readBuildInfo } from './health/build-info';
import { DEMO_PASSWORD, DEMO_USERS, DEMO_WARD, DEMO_DEVICE_KEY } from './demo/demo-ward';

async function main() {
  const env = parseEnv(process.env);
  const build = readBuildInfo(env.VIGIL_COMMIT);
  const running = await createApp(env, { waitForReady: false });
  const { url, ready } = running;
  // After createApp: Nest's Logger now writes through pino (JSON lines unless on a terminal).
  const logger = new Logger('Vigil');
  logger.log(`Vigil ${build.version} (commit ${build.commit}) on Node ${process.version}`);
  // SIGTERM (docker stop, systemd, npm start forwarding) and SIGINT (Ctrl-C): drain, then exit 0.
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${why}: stopping (no new connections; finishing in-flight requests, event log commits and the rules queue)`);
    running.close().then(
      () => {
        logger.log('Vigil stopped');
        process.exit(0);
      },
      (e) => {
        logger.error(`stopping failed: ${(e as Error).stack ?? e}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(`${signal} received`));
  // Started by `npm start` (scripts/start.cjs, with an IPC channel): stop when it is gone, however it went.
  if (process.send) process.on('disconnect', () => stop('npm start is gone'));
  logger.log(`Vigil is starting at ${url}: GET ${url}/ready answers 503 until rule state is rebuilt`);
  await ready;
  logger.log(`Vigil is running at ${url}  (API ${url}/api, socket.io ${url}/live, MLLP ${env.MLLP_PORT || 'off'})`);
  if (env.demo) {
    const banner = [
      '',
      '============================================================',
      `  VIGIL DEMO MODE — open ${url}`,
      `  demo ward ${DEMO_WARD.id}; logins: ${DEMO_USERS.map((u) => u.username).join(' / ')}  password: ${DEMO_PASSWORD}`,
      `  device key for POST /api/events: X-Api-Key: ${DEMO_DEVICE_KEY}`,
      '  demo data is synthetic; do not use for patient care',
      '============================================================',
      '',
    ];
    console.log(banner.join('\n'));
  }
}

main().catch((e) => {
  console.error(`Vigil failed to start: ${(e as Error).message}`);
  process.exit(1);
});
