// Verification is bounded in memory and time, and says so when it was cut short. (How long the
// hostile programs take as whole processes is a benchmark: bench/bounds.ts.)

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runCli as run } from './helpers';

const HOSTILE = path.join('test', 'fixtures', 'hostile');

describe('backprop-lint CLI: bounded verification', function () {
  this.timeout(60000);
  before(() => assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first'));

  it('stops a loop that keeps every array it makes at the memory limit, and says so', () => {
    // A generous time budget: the memory limit, not the clock, must stop it.
    const r = run(['check', '--verify-budget', '60', path.join(HOSTILE, 'list_of_copies.py')]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.out,
      /list_of_copies\.py: note: gradient verification was cut short \(running the file's top level, its arrays reached 32 MB\); gradients it had not reached are unchecked/,
    );
    assert.match(r.out, /No problems found in 1 file\./);
  });

  it('stops at the time budget set on the command line, and says so (JSON too)', () => {
    const r = run(['check', '--format', 'json', '--verify-budget', '0.05', path.join(HOSTILE, 'matrix_power.py')]);
    assert.equal(JSON.parse(r.out).files[0].verificationCutShort, 'the time budget of 50 ms ran out');
  });

  it('says nothing of the kind for a file verified within its bounds', () => {
    const r = run(['check', path.join('examples', 'planar_gradients_buggy.py')]);
    assert.doesNotMatch(r.out, /cut short/);
  });
});
