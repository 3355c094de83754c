/**
 * `npm run soak:late`: the arrival-order properties of issue 16 (libs/rules/src/lib/engine/
 * arrival-order.property.spec.ts) with random seeds and many more runs than `npm test` gives them.
 * Each round runs the property spec with a fresh random seed (SOAK_ROUNDS rounds, default 5, of
 * SOAK_RUNS generated streams per property, default 400); the first failing round stops the soak and
 * prints the seed, so `VIGIL_PROPERTY_SEED=<seed> VIGIL_PROPERTY_RUNS=<runs> npx jest -c
 * libs/rules/jest.config.cjs arrival-order` reproduces it (fast-check also prints the shrunk stream).
 * SOAK_PROPERTY (a jest name pattern, e.g. `DOSE_GATE`) soaks only the properties it names.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const ROUNDS = Number(process.env['SOAK_ROUNDS'] ?? 5);
const RUNS = Number(process.env['SOAK_RUNS'] ?? 400);
const ONLY = process.env['SOAK_PROPERTY'];
const log = (s: string) => process.stderr.write(s + '\n');

function main(): number {
  for (let round = 1; round <= ROUNDS; round++) {
    const seed = randomInt(1, 2 ** 31 - 1);
    const started = Date.now();
    log(`soak:late round ${round}/${ROUNDS}: seed ${seed}, ${RUNS} streams per property${ONLY ? ` matching "${ONLY}"` : ''} …`);
    const r = spawnSync('npx', ['jest', '-c', 'libs/rules/jest.config.cjs', '--testTimeout=86400000', 'arrival-order.property', ...(ONLY ? ['-t', ONLY] : [])], {
      stdio: 'inherit',
      env: { ...process.env, VIGIL_PROPERTY_SEED: String(seed), VIGIL_PROPERTY_RUNS: String(RUNS), VIGIL_PROPERTY_TIMEOUT_MS: '86400000' },
    });
    if (r.status !== 0) {
      log(`soak:late FAILED in round ${round}: reproduce with VIGIL_PROPERTY_SEED=${seed} VIGIL_PROPERTY_RUNS=${RUNS} npx jest -c libs/rules/jest.config.cjs arrival-order.property${ONLY ? ` -t '${ONLY}'` : ''}`);
      return 1;
    }
    log(`soak:late round ${round} passed in ${Math.round((Date.now() - started) / 1000)} s (seed ${seed})`);
  }
  log(`soak:late: ${ROUNDS} rounds x ${RUNS} streams per property passed`);
  return 0;
}

process.exit(main());
