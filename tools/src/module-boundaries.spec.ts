import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** Lints a snippet as if it were a file at `filePath`, with the workspace's real ESLint config. */
async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = resolve(root, 'node_modules/.bin/eslint');
  const run = spawnSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', resolve(root, filePath)], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { severity: number; ruleId: string; message: string }[] }[];
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
