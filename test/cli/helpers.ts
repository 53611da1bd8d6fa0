// Running the built CLI as a user does: a separate process, its output and exit status.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'backprop-lint.js');

export function runCli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A small backward pass with one missing transpose (line 9, column 20). */
export const BUGGY = `import numpy as np

def backward(X, dZ1):
    """
    X -- input data of size (n_x, m)
    dZ1 -- gradient of shape (n_h, m)
    """
    m = X.shape[1]
    dW1 = 1. / m * np.dot(dZ1, X)
    db1 = 1. / m * np.sum(dZ1, axis=1)
    return dW1, db1
`;
