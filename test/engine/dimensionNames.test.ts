// The setting `backpropLint.dimensionNames` (`dimension-names` in the project configuration): names
// the user lists are read as sizes in docstrings and comments, where the engine would not read them
// on its own (a multi-word name in a plain list, a list of documented names).

import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../engine/index';
import { declaredNames, shapeFromComment, shapesFromDocstring } from '../../engine/shapes/statedShapes';

const SOURCE = `import numpy as np

def layer(W, X):
    """
    W -- weights, (hidden units, n_x)
    X -- data, (n_x, m)
    """
    Z = W @ X
    return Z

def step(X, H):
    """
    X -- inputs (n_x, batch)
    H -- hidden (hidden units, batch)
    """
    B = X + H
    return B
`;

function analyse(names?: string[]) {
  return analyzeDocument({ kind: 'python', path: 'dimension_names.py', text: SOURCE }, { verify: false, ...(names ? { extraDimensionNames: names } : {}) });
}

describe('dimension names the user declares', () => {
  it('normalises the list: blanks trimmed and collapsed, empty and repeated entries dropped', () => {
    assert.deepEqual([...declaredNames(['  hidden   units ', '', 'Hidden units', 'n_features']).values()], ['hidden units', 'n_features']);
  });

  it('a declared multi-word name makes a plain list in a docstring a shape', () => {
    const doc = 'W -- weights, (hidden units, n_x)';
    assert.equal(shapesFromDocstring(doc).params.length, 0);
    const stated = shapesFromDocstring(doc, declaredNames(['hidden units'])).params;
    assert.deepEqual(stated.map((s) => [s.name, s.dims]), [['W', [{ kind: 'name', name: 'hidden units' }, { kind: 'name', name: 'n_x' }]]]);
  });

  it('a declared name makes a comment state a shape', () => {
    assert.equal(shapeFromComment('# A1 (hidden units, m)'), undefined);
    assert.deepEqual(shapeFromComment('# A1 (hidden units, m)', declaredNames(['hidden units']))?.dims, [
      { kind: 'name', name: 'hidden units' },
      { kind: 'name', name: 'm' },
    ]);
  });

  it('a list of documented names is a tuple of values, unless one of them is declared a dimension', () => {
    const doc = 'cache -- (A, b)\nA -- activations\nb -- bias';
    const entry = 'X -- the data (n_feat, m)\nn_feat -- the features\nm -- the examples';
    assert.equal(shapesFromDocstring(doc).params.length, 0);
    assert.equal(shapesFromDocstring(entry).params.length, 0);
    assert.deepEqual(shapesFromDocstring(entry, declaredNames(['n_feat'])).params.map((s) => s.name), ['X']);
  });

  it('analyzeDocument reads them: a shape through the declared size, and a contradiction between two sizes of one function', () => {
    const without = analyse();
    assert.deepEqual(without.findings, []);
    assert.equal(without.shapes.find((s) => s.range.start.line === 7)?.shape, '(W.shape[0], m)');
    const withNames = analyse(['hidden units']);
    assert.equal(withNames.shapes.find((s) => s.range.start.line === 7)?.shape, '(hidden units, m)');
    assert.deepEqual(
      withNames.findings.map((f) => [f.code, f.range.start.line, f.message]),
      [['shape-mismatch', 15, 'addition (+): (n_x, batch) and (hidden units, batch) do not broadcast: n_x and hidden units differ']],
    );
  });
});
