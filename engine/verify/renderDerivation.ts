// Renders a derivation as Markdown (hovers) and plain text (`backprop-lint explain FILE:LINE`).

import type { DerivationData, ForwardLine } from './derivation';
import { isRelativeModule } from '../syntax/typescript/files';
import { isAssumedFile } from '../concrete/assumedHelpers';

export interface LineLookup {
  /** 1-based line and the trimmed source of a forward statement. */
  line(l: ForwardLine): { line: number; source: string; file: string; label?: string };
}

/** How a line in an imported module names its file: `planar_utils.py`, `pkg/mod.py`, or a script's import path as written (`./layers`). */
function moduleLabel(module: string): string {
  return isRelativeModule(module) ? module : `${module.replace(/^\.+/, '').replace(/\./g, '/')}.py`;
}

export function renderDerivation(d: DerivationData, lk: LineLookup, shape: string | undefined): { markdown: string; text: string } {
  const md: string[] = [];
  const tx: string[] = [];
  const where = (l: ForwardLine) => {
    const x = lk.line(l);
    return { code: x.source, at: x.file ? `${moduleLabel(x.file)} line ${x.line}` : x.label ?? `line ${x.line}` };
  };
  md.push(`**${d.meaning}**${shape ? ` · shape \`${shape}\`` : ''}`);
  tx.push(`${d.meaning}${shape ? `, shape ${shape}` : ''}`);
  if (d.chain) {
    md.push('', '```text', d.chain, '```');
    tx.push('', `  ${d.chain}`);
  }
  const bullets: { md: string; tx: string }[] = [];
  if (d.forward.length) {
    // A helper run with its assumed definition has no line to show (its module is not beside the file).
    const parts = d.forward.filter((l) => !isAssumedFile(lk.line(l).file ?? '')).map(where);
    if (parts.length) bullets.push({
      md: `because ${parts.map((p) => `\`${p.code}\` (${p.at})`).join(' and ')}`,
      tx: `because ${parts.map((p) => `${p.code} (${p.at})`).join(' and ')}`,
    });
  }
  for (const l of d.locals) {
    const p = where(l.from);
    bullets.push({ md: `${l.text}, from \`${p.code}\` (${p.at})`, tx: `${l.text}, from ${p.code} (${p.at})` });
  }
  for (const p of d.products) bullets.push({ md: p, tx: p });
  for (const t of d.transposes) bullets.push({ md: `why the transpose: ${t}`, tx: `why the transpose: ${t}` });
  if (d.batchNote) bullets.push({ md: `why 1/m: ${d.batchNote}`, tx: `why 1/m: ${d.batchNote}` });
  if (bullets.length) {
    md.push('', ...bullets.map((b) => `- ${b.md}`));
    tx.push('', ...bullets.map((b) => `  - ${b.tx}`));
  }
  const at = d.sizes ? ` with ${d.sizes}` : ' on the code\'s own inputs';
  if (d.ok) {
    md.push('', `✓ Matches the derivative of the forward pass (checked numerically${at}).`);
    tx.push('', `verdict: matches the derivative of the forward pass (checked numerically${at})`);
  } else if (d.from) {
    const p = where({ file: d.check.file, stmt: d.from.stmt });
    md.push('', `✗ Differs from the derivative of the forward pass because it is computed from \`${d.from.name}\`, which is wrong (${p.at}): fix that line first.`);
    tx.push('', `verdict: differs from the derivative of the forward pass because it is computed from ${d.from.name}, which is wrong (${p.at}): fix that line first`);
  } else {
    const exp = d.expected ? ` Expected: \`${d.check.name} = ${d.expected}\`` : '';
    md.push('', `✗ Differs from the derivative of the forward pass (checked numerically${at}).${exp}`);
    tx.push('', `verdict: differs from the derivative of the forward pass (checked numerically${at})${d.expected ? `; expected ${d.check.name} = ${d.expected}` : ''}`);
  }
  return { markdown: md.join('\n'), text: tx.join('\n') };
}
