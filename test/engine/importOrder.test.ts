// The engine's layers, as ARCHITECTURE.md draws them, checked against its imports: a file may import
// its own layer or a lower one. Known exceptions are listed below, each with its reason; an
// exception that no longer occurs fails too, so the list only shrinks.
//
//   0  syntax, shapes, numeric, diagnostics, fixes, config, conventions, api.ts, limits.ts, moduleFiles.ts
//   1  value models: interp/values.ts (with interp/scope.ts, which it names), concrete/values.ts
//   2  ops
//   3  program, interp, concrete
//   4  checks
//   5  verify
//   6  graph, analysis (analyzeDocument's phases), analyze.ts, suppressions.ts, index.ts

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ENGINE = path.join(__dirname, '..', '..', 'engine');

const LAYER_OF_FILE: Record<string, number> = {
  'interp/values.ts': 1, 'interp/scope.ts': 1, 'concrete/values.ts': 1,
  'api.ts': 0, 'limits.ts': 0, 'moduleFiles.ts': 0,
  'analyze.ts': 6, 'suppressions.ts': 6, 'index.ts': 6,
};
const LAYER_OF_FOLDER: Record<string, number> = {
  syntax: 0, shapes: 0, numeric: 0, diagnostics: 0, fixes: 0, config: 0, conventions: 0,
  ops: 2,
  program: 3, interp: 3, concrete: 3,
  checks: 4,
  verify: 5,
  graph: 6, analysis: 6,
};

/** Imports that cross upwards today, each with why (importer → imported, engine-relative). */
const KNOWN: Record<string, string> = {};

function layerOf(rel: string): number | undefined {
  if (rel in LAYER_OF_FILE) return LAYER_OF_FILE[rel];
  const folder = rel.split('/')[0];
  return LAYER_OF_FOLDER[folder];
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every engine-relative import of a file: `import … from './x'`, `export … from`, `import('./x')`, `require('./x')`. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"](\.[^'"]+)['"]|(?:import|require)\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const spec = m[1] ?? m[2];
    let target = path.resolve(path.dirname(file), spec);
    if (fs.existsSync(`${target}.ts`)) target = `${target}.ts`;
    else if (fs.existsSync(path.join(target, 'index.ts'))) target = path.join(target, 'index.ts');
    else continue;
    if (!target.startsWith(ENGINE + path.sep)) continue;
    out.push(path.relative(ENGINE, target).split(path.sep).join('/'));
  }
  return out;
}

describe('engine import order (ARCHITECTURE.md layers)', () => {
  const files = tsFiles(ENGINE).map((f) => ({ abs: f, rel: path.relative(ENGINE, f).split(path.sep).join('/') }));

  it('puts every engine file in a layer', () => {
    assert.deepEqual(files.filter((f) => layerOf(f.rel) === undefined).map((f) => f.rel), []);
  });

  const upward: string[] = [];
  for (const f of files) {
    for (const imp of importsOf(f.abs)) {
      const from = layerOf(f.rel);
      const to = layerOf(imp);
      if (from !== undefined && to !== undefined && to > from) upward.push(`${f.rel} → ${imp}`);
    }
  }

  it('imports only its own layer or lower ones, but for the listed exceptions', () => {
    assert.deepEqual(upward.filter((u) => !(u in KNOWN)), []);
  });

  it('lists no exception that no longer occurs', () => {
    assert.deepEqual(Object.keys(KNOWN).filter((k) => !upward.includes(k)), []);
  });

  it('engine/ops imports neither engine/checks nor engine/interp (but the value model)', () => {
    const bad = files
      .filter((f) => f.rel.startsWith('ops/'))
      .flatMap((f) => importsOf(f.abs).map((imp) => `${f.rel} → ${imp}`))
      .filter((u) => /→ (checks\/|interp\/(?!values\.ts))/.test(u));
    assert.deepEqual(bad, []);
  });

  it('reads the imports it checks (a file known to import another is seen doing so)', () => {
    assert.ok(importsOf(path.join(ENGINE, 'concrete', 'tape.ts')).includes('ops/table.ts'));
    assert.ok(importsOf(path.join(ENGINE, 'checks', 'blame.ts')).includes('ops/types.ts'));
  });
});
