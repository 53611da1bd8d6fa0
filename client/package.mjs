// Packages the VS Code extension into a .vsix with vsce, with the users' README (client/README.md)
// instead of the developers' one at the root, then checks what went in.
//
//   node client/package.mjs [OUT.vsix]        (npm run package: after `node build.mjs --production`)
//
// vsce stores the README given with --readme-path at the root of the extension, so the images it
// links relative to client/ (`media/hover.png`) are rewritten to their place in the package
// (`client/media/hover.png`) in a copy under out/, which is what vsce packages. .vscodeignore keeps
// the package to dist/{client,server,analysisWorker}.js, the TypeScript compiler the engine loads
// lazily (dist/node_modules/typescript, staged by build.mjs), package.json, syntaxes/, client/media/ and
// docs/diagnostics/ (one page per diagnostic code).
// The check then unpacks the package's dist/ and requires the compiler from there, as dist/server.js
// and dist/analysisWorker.js do, so a package that cannot analyse TypeScript fails here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(ROOT, 'client', 'README.md');
const STAGED_README = path.join(ROOT, 'out', 'vsix', 'README.md');

/** The compiler's files in the package (build.mjs stageTypeScript). */
const TYPESCRIPT_DIR = 'extension/dist/node_modules/typescript';
const TYPESCRIPT_FILES = ['package.json', 'lib/typescript.js', 'LICENSE.txt'].map((f) => `${TYPESCRIPT_DIR}/${f}`);

/** The diagnostic codes' pages (server/docs.ts links each diagnostic to its page inside the extension). */
const DOCS_FILES = fs.readdirSync(path.join(ROOT, 'docs', 'diagnostics')).filter((f) => f.endsWith('.md')).map((f) => `extension/docs/diagnostics/${f}`);

/** Entries every package must hold, and path prefixes none may. */
const REQUIRED = ['extension/package.json', 'extension/readme.md', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/analysisWorker.js', ...TYPESCRIPT_FILES, ...DOCS_FILES];
const FORBIDDEN = /^extension\/(test|test-results|examples|engine|server|cli|bench|node_modules|out|\.ci)\/|\.map$|\.ts$|^extension\/README\.md$/;

/** client/README.md with its relative image and link targets made relative to the package root. */
export function stageReadme() {
  const text = fs.readFileSync(README, 'utf8');
  const relative = (link) => !/^([a-z][\w+.-]*:|#|\/)/i.test(link);
  const staged = text
    .replace(/(!?\[[^\]]*\]\()([^)\s]+)(\))/g, (all, open, link, close) => (relative(link) ? `${open}client/${link}${close}` : all))
    .replace(/(<img[^>]*\ssrc=")([^"]+)(")/g, (all, open, link, close) => (relative(link) ? `${open}client/${link}${close}` : all));
  fs.mkdirSync(path.dirname(STAGED_README), { recursive: true });
  fs.writeFileSync(STAGED_README, staged);
  const images = [...staged.matchAll(/!\[[^\]]*\]\((client\/[^)\s]+)\)|<img[^>]*\ssrc="(client\/[^"]+)"/g)].map((m) => m[1] ?? m[2]);
  for (const img of images) {
    if (!fs.existsSync(path.join(ROOT, img))) throw new Error(`client/README.md shows ${img.replace(/^client\//, '')}, which does not exist`);
  }
  return { path: STAGED_README, images };
}

/** Lists the .vsix and fails when something required is missing or something that must stay out is in. */
export function checkVsix(vsix, images) {
  const r = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`unzip -Z1 ${vsix} failed: ${r.stderr}`);
  const entries = r.stdout.split('\n').filter(Boolean);
  const missing = [...REQUIRED, ...images.map((i) => `extension/${i}`)].filter((e) => !entries.includes(e));
  const stray = entries.filter((e) => FORBIDDEN.test(e));
  if (missing.length || stray.length) {
    const compiler = missing.some((m) => m.startsWith(TYPESCRIPT_DIR)) ? ' (the TypeScript compiler: run `node build.mjs`, which stages it in dist/node_modules/typescript)' : '';
    throw new Error(`${path.basename(vsix)}: ${missing.length ? `missing ${missing.join(', ')}${compiler}` : ''}${missing.length && stray.length ? '; ' : ''}${stray.length ? `should not contain ${stray.join(', ')}` : ''}`);
  }
  checkCompiler(vsix);
  return entries;
}

/**
 * Unpacks the package's dist/ into a temporary folder and requires `typescript` from there, as the
 * engine does in dist/server.js and dist/analysisWorker.js: it must resolve inside the package (not
 * to a node_modules elsewhere), be the installed version, and parse.
 */
export function checkCompiler(vsix) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-lint-vsix-'));
  try {
    const u = spawnSync('unzip', ['-q', vsix, 'extension/dist/*', '-d', tmp], { encoding: 'utf8' });
    if (u.status !== 0) throw new Error(`unzip ${vsix} failed: ${u.stderr}`);
    const probe = path.join(tmp, 'extension', 'dist', 'typescript-probe.js');
    fs.writeFileSync(probe, `const t0 = performance.now();
const ts = require('typescript');
const ms = performance.now() - t0;
const sf = ts.createSourceFile('x.ts', 'const W1 = tf.randomNormal([nH, nX]);', ts.ScriptTarget.Latest);
process.stdout.write(JSON.stringify({ resolved: require.resolve('typescript'), version: ts.version, statements: sf.statements.length, ms }));
`);
    const env = { ...process.env };
    delete env.NODE_PATH;
    const r = spawnSync(process.execPath, [probe], { cwd: tmp, encoding: 'utf8', env });
    if (r.status !== 0) {
      const lines = (r.stderr || r.stdout).trim().split('\n');
      throw new Error(`${path.basename(vsix)}: the TypeScript compiler does not load from the package: ${lines.find((l) => /Error/.test(l)) ?? lines[0]}`);
    }
    const got = JSON.parse(r.stdout);
    const want = JSON.parse(fs.readFileSync(createRequire(path.join(ROOT, 'package.json')).resolve('typescript/package.json'), 'utf8')).version;
    const inside = path.relative(path.join(tmp, 'extension'), got.resolved);
    if (inside.startsWith('..') || path.isAbsolute(inside)) throw new Error(`${path.basename(vsix)}: require('typescript') resolved outside the package, to ${got.resolved}`);
    if (got.version !== want) throw new Error(`${path.basename(vsix)}: ships typescript ${got.version} but node_modules has ${want} (rebuild: node build.mjs)`);
    if (got.statements !== 1) throw new Error(`${path.basename(vsix)}: the packaged TypeScript compiler did not parse a one-line file`);
    return got;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs vsce; returns the .vsix path and its entries. */
export function packageExtension(out = path.join(ROOT, 'backprop-lint.vsix'), { quiet = false } = {}) {
  const readme = stageReadme();
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const args = ['--no-install', 'vsce', 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository',
    '--readme-path', path.relative(ROOT, readme.path),
    // links were made relative to the package root above; the repository URL is not GitHub's
    '--no-rewrite-relative-links',
    '--out', out];
  const r = spawnSync('npx', args, { cwd: ROOT, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (r.status !== 0) throw new Error(`vsce package exited with ${r.status ?? r.signal}`);
  const entries = checkVsix(out, readme.images);
  return { vsix: out, entries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { vsix, entries } = packageExtension(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
    console.log(`${path.relative(process.cwd(), vsix)}: ${entries.length} files checked (README from client/README.md, images from client/media/, the TypeScript compiler loads from the package, no tests or sources); ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
