// A layer's settings dict (`dropout_param`) is made fresh for every run (engine/verify/hyperparams.ts).

import { strict as assert } from 'node:assert';
import { settingsDict } from '../../engine/verify/hyperparams';

describe('settings made for a *_param dict', () => {
  it('are new values each time: a run that turns `p` into an array leaf of its tape does not hand that node to the next run', () => {
    const a = settingsDict('dropout_param', new Set(['p', 'mode']));
    const b = settingsDict('dropout_param', new Set(['p', 'mode']));
    assert.ok(a?.t === 'dict' && b?.t === 'dict');
    const pa = a.map.get('s:p');
    const pb = b.map.get('s:p');
    assert.ok(pa?.t === 'num' && pb?.t === 'num');
    assert.notEqual(pa, pb);
    pa.node = 7;
    assert.equal(pb.node, undefined);
  });
});
