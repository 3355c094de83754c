import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * libs/interop must stay pure (DESIGN.md): importable by the rules engine, the CLI and a browser. The
 * lint boundary rule does not flag node: built-ins, so this checks the library source directly.
 */
const SRC = path.resolve(__dirname, '../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('libs/interop purity', () => {
  const files = sourceFiles(SRC);

  it('finds the library source', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(SRC, f), f]))('%s imports only relative modules, @vigil/contracts and zod, and uses no Node globals', (_name, file) => {
    // Comments may mention Buffer or process; only code counts.
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const s of specifiers) expect([s, s.startsWith('.') || s === '@vigil/contracts' || s === 'zod']).toEqual([s, true]);
    expect(text).not.toMatch(/\b(Buffer|process\.|require\(|setTimeout|setInterval)\b/);
  });
});
