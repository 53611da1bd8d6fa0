// A training loop's epochs against a loop over layers (engine/verify/epochLoops.ts): a run stops after an
// epoch that checked gradients, never after one layer.

import { strict as assert } from 'node:assert';
import { parsePython } from '../../engine/syntax/python/parse';
import { isEpochLoop } from '../../engine/verify/epochLoops';

const firstLoop = (text: string) => {
  const s = parsePython(text).body.find((x) => x.kind === 'for');
  assert.ok(s, 'no loop');
  return s;
};

describe('epoch loops', () => {
  it('a range loop whose variable is unread, or read only to decide when to print', () => {
    assert.equal(isEpochLoop(firstLoop('for i in range(1500):\n    nn.feedforward()\n    nn.backprop()\n')), true);
    assert.equal(isEpochLoop(firstLoop('for epoch in range(epochs):\n    loss = step(X, Y)\n    if epoch % 100 == 0:\n        print(epoch, loss)\n')), true);
  });

  it('not a loop that indexes with its variable, nor one over a list of layers', () => {
    assert.equal(isEpochLoop(firstLoop('for l in range(L):\n    W = params["W" + str(l)]\n')), false);
    assert.equal(isEpochLoop(firstLoop('for layer in network:\n    out = layer.forward(out)\n')), false);
    assert.equal(isEpochLoop(firstLoop('for i in range(n):\n    if i % 2 == 0:\n        x = X[i]\n')), false);
  });
});
