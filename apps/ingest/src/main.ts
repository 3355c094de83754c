import { Logger } from '@nestjs/common';
import { parseEnv } from './config/env.schema';
import { createApp } from './create-app';
import { readBuildInfo } from './health/build-info';
import { DEMO_PASSWORD, DEMO_USERS, DEMO_WARD, DEMO_DEVICE_KEY } from './demo/demo-ward';

async function main() {
  const env = parseEnv(process.env);
  const build = readBuildInfo(env.VIGIL_COMMIT);
  new Logger('Vigil').log(`Vigil ${build.version} (commit ${build.commit}) on Node ${process.version}`);
  const { url, ready } = await createApp(env, { waitForReady: false });
  const logger = new Logger('Vigil');
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
