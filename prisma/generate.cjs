// `prisma generate` offline: the CLI insists on a schema-engine binary it never runs for generation
// (STACK_NOTES.md), so point it at one that exists.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const prismaBin = path.join(__dirname, '..', 'node_modules', '.bin', 'prisma');
execFileSync(prismaBin, ['generate', '--schema', path.join(__dirname, 'schema.prisma')], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
