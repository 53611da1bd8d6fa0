// The TypeScript/JavaScript fixtures (test/fixtures/typescript), shared by the tests that read them all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScriptFile } from '../../engine/syntax/typescript/files';

export const SCRIPT_FIXTURES_ROOT = path.join(__dirname, '..', 'fixtures', 'typescript');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return isScriptFile(e.name) ? [p] : [];
  });
}

/** Every script fixture, sorted. */
export function scriptFixtures(): string[] {
  return walk(SCRIPT_FIXTURES_ROOT).sort();
}
