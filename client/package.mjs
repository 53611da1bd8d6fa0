// Packages the VS Code extension into a .vsix with vsce, with the users' README (client/README.md)
// instead of the developers' one at the root, then checks what went in.
//
//   node client/package.mjs [OUT.vsix]        (npm run package: after `node build.mjs --production`)
//
// vsce stores the README given with --readme-path at the root of the extension, so the images it
// links relative to client/ (`media/hover.png`) are rewritten to their place in the package
// (`client/media/hover.png`) in a copy under out/, which is what vsce packages. .vscodeignore keeps
// the package to dist/{client,server,analysisWorker}.js, package.json, syntaxes/ and client/media/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(ROOT, 'client', 'README.md');
const STAGED_README = path.join(ROOT, 'out', 'vsix', 'README.md');

/** Entries every package must hold, and path prefixes none may. */
const REQUIRED = ['extension/package.json', 'extension/readme.md', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/analysisWorker.js'];
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
    throw new Error(`${path.basename(vsix)}: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && stray.length ? '; ' : ''}${stray.length ? `should not contain ${stray.join(', ')}` : ''}`);
  }
  return entries;
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
    console.log(`${path.relative(process.cwd(), vsix)}: ${entries.length} files checked (README from client/README.md, images from client/media/, no tests or sources)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
