import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

// The Nx boundary rule reads the cached project graph and silently skips itself without one (a fresh
// clone before any nx command): build it once first.
let graphReady = false;
function ensureProjectGraph(): void {
  if (graphReady) return;
  const nx = spawnSync(resolve(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
  if (nx.status !== 0) throw new Error(`nx show projects failed:\n${nx.stdout}\n${nx.stderr}`);
  graphReady = true;
}

/** Lints a snippet as if it were a file at `filePath`, with the workspace's real ESLint config. */
async function lint(filePath: string, code: string): Promise<string[]> {
  ensureProjectGraph();
  const eslint = resolve(root, 'node_modules/.bin/eslint');
  const run = spawnSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', resolve(root, filePath)], { cwd: root, input: code, encoding: 'utf8' });
  // In a fresh clone (no .nx cache yet) the Nx lint plugin first prints a "warning No cached ProjectGraph" line.
  const json = run.stdout.slice(run.stdout.indexOf('[{'));
  if (!json) throw new Error(`eslint printed no JSON report:\n${run.stdout}\n${run.stderr}`);
  const [result] = JSON.parse(json) as { messages: { severity: number; ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries (DESIGN.md)', () => {
  it.each([
    ['libs/rules/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const p = Injectable;\n", '@nx/enforce-module-boundaries'],
    ['libs/rules/src/probe.ts', "import { PrismaClient } from '@prisma/client';\nexport const p = PrismaClient;\n", '@nx/enforce-module-boundaries'],
    ['libs/interop/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const p = readFileSync;\n", 'no-restricted-imports'],
    ['libs/rules/src/probe.ts', 'export const now = () => Date.now();\n', 'no-restricted-properties'],
    ['libs/rules/src/probe.ts', 'export const now = () => new Date();\n', 'no-restricted-syntax'],
    ['libs/contracts/src/probe.ts', "import { RulesEngine } from '@vigil/rules';\nexport const p = RulesEngine;\n", '@nx/enforce-module-boundaries'],
    ['apps/dashboard/src/probe.ts', "import { PrismaClient } from '@prisma/client';\nexport const p = PrismaClient;\n", '@nx/enforce-module-boundaries'],
  ])('forbids %s: %s', async (file, code, rule) => {
    const errors = await lint(file, code);
    expect(errors.some((e) => e.startsWith(`${rule}:`))).toBe(true);
  });

  it('allows the pure libs to use contracts and apps to use libs', async () => {
    expect(await lint('libs/rules/src/probe.ts', "import { parseClinicalEvent } from '@vigil/contracts';\nexport const p = parseClinicalEvent;\n")).toEqual([]);
    expect(await lint('apps/ingest/src/probe.ts', "import { Injectable } from '@nestjs/common';\nimport { parseClinicalEvent } from '@vigil/contracts';\nexport const p = [Injectable, parseClinicalEvent];\n")).toEqual([]);
  });
});
