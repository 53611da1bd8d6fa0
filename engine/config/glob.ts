// Glob patterns of a project's include/exclude lists, matched against paths relative to the
// configuration file's folder, with `/` separators: `*` and `?` stay inside one path segment, `**`
// spans segments, `[abc]` is a class. A pattern without a `/` matches a name at any depth
// (`*_test.py`, `legacy`), as in .gitignore and ruff; a pattern that matches a folder matches
// everything under it.

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (!p.includes('/')) p = `**/${p}`;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const slash = p[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${p.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += /[.+^${}()|\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Whether `relPath` (relative, `/`-separated) matches the pattern or lies under a folder it matches. */
export function globMatches(pattern: string, relPath: string): boolean {
  let re = cache.get(pattern);
  if (!re) cache.set(pattern, (re = toRegExp(pattern)));
  return re.test(relPath);
}

export function anyGlobMatches(patterns: readonly string[], relPath: string): boolean {
  return patterns.some((p) => globMatches(p, relPath));
}
