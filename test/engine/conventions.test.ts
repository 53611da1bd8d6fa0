// The rules written once and read by several layers: the field's gradient naming
// (engine/conventions/gradientNames.ts), a library's alias in a TypeScript file, the size limit.

import * as assert from 'node:assert/strict';
import { isGradientDict, partnerOf, partnerOfKey } from '../../engine/conventions/gradientNames';
import { libraryAlias } from '../../engine/syntax/typescript/libraries/types';
import { MAX_DOCUMENT_CHARS, overSizeLimit, notAnalysedResult } from '../../engine/limits';
import { analyzeDocument } from '../../engine/index';

describe('conventions written once', () => {
  it('gradient names: d-prefix and grad_ prefix pair, other names do not', () => {
    assert.equal(partnerOf('dW1'), 'W1');
    assert.equal(partnerOf('dA_prev'), 'A_prev');
    assert.equal(partnerOf('grad_W'), 'W');
    assert.equal(partnerOf('D_Whh'), 'Whh');
    assert.equal(partnerOf('d_w2'), 'w2');
    assert.equal(partnerOf('d_o'), 'o');
    assert.equal(partnerOf('W1'), undefined);
    assert.equal(partnerOf('d'), undefined);
    assert.equal(partnerOf('grad_'), undefined);
  });

  it('gradient names: a _grad / Grad suffix and a camel-case grad prefix pair too', () => {
    assert.equal(partnerOf('W_grad'), 'W');
    assert.equal(partnerOf('bias_gradient'), 'bias');
    assert.equal(partnerOf('weightsGrad'), 'weights');
    assert.equal(partnerOf('gradW'), 'W');
    assert.equal(partnerOf('gradWeights'), 'weights');
    for (const n of ['grad', 'grads', 'Grad', 'gradient', 'upgrade', 'W_d', 'requires_grad', 'no_grad', 'zero_grad', 'requiresGrad']) assert.equal(partnerOf(n), undefined, n);
  });

  it('gradient dicts, in any case; their keys pair with or without the d', () => {
    for (const name of ['grads', 'grad', 'gradients', 'Grads', 'derivatives']) assert.ok(isGradientDict(name), name);
    for (const name of ['params', 'cache', 'gradient_norms']) assert.ok(!isGradientDict(name), name);
    assert.equal(partnerOfKey('dW1'), 'W1');
    assert.equal(partnerOfKey('W1'), 'W1');
  });

  it('a library is called by the name the file imported it as, else by its conventional name', () => {
    assert.equal(libraryAlias(new Map([['tfc', 'tfjs']]), 'tfjs'), 'tfc');
    assert.equal(libraryAlias(new Map(), 'tfjs'), 'tf');
    assert.equal(libraryAlias(new Map(), 'mathjs'), 'math');
    assert.equal(libraryAlias(new Map(), 'ml-matrix'), 'Matrix');
    assert.equal(libraryAlias(new Map(), 'own'), '');
  });

  it('one size limit: the engine refuses a longer document with the message the server logs', () => {
    assert.equal(overSizeLimit(MAX_DOCUMENT_CHARS), undefined);
    const over = overSizeLimit(MAX_DOCUMENT_CHARS + 1);
    assert.equal(over, `not analysed: ${MAX_DOCUMENT_CHARS + 1} characters is over the limit of ${MAX_DOCUMENT_CHARS}`);
    const r = analyzeDocument({ kind: 'python', path: 'long.py', text: 'x = 1\n'.repeat(Math.ceil((MAX_DOCUMENT_CHARS + 1) / 6)) });
    assert.deepEqual(r.syntaxErrors.map((e) => e.message), [`not analysed: ${r.notAnalysed!.match(/^\d+/)![0]} characters is over the limit of ${MAX_DOCUMENT_CHARS}`]);
    assert.deepEqual(notAnalysedResult(over).syntaxErrors.map((e) => e.message), [over]);
  });
});
