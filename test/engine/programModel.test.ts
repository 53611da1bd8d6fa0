// The program model (engine/program/model.ts) and the values that cross its links (engine/interp/holes.ts).

import { strict as assert } from 'node:assert';
import { parsePython } from '../../engine/syntax/python/parse';
import { buildProgramModel } from '../../engine/program/model';
import { DimStore } from '../../engine/shapes/dim';
import { copyValue } from '../../engine/interp/holes';
import type { Value } from '../../engine/interp/values';
import { analyzeDocument } from '../../engine/analyze';

const NET = `
import numpy as np

def init(n_in, n_h, n_out):
    return {"W1": np.random.randn(n_h, n_in), "b1": np.zeros((n_h, 1)), "W2": np.random.randn(n_out, n_h), "b2": np.zeros((n_out, 1))}

def forward(X, p):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.tanh(Z1)
    A2 = p["W2"] @ A1 + p["b2"]
    return A2, (X, Z1, A1, A2)

def backward(p, cache, Y):
    X, Z1, A1, A2 = cache
    return A2 - Y

def affine_forward(x, w, b):
    return x.dot(w) + b, (x, w, b)

def affine_backward(dout, cache):
    x, w, b = cache
    return dout.dot(w.T)

def unrelated(cache):
    return cache
`;

describe('program model', () => {
  const model = buildProgramModel(parsePython(NET));
  const links = (to: string) => model.linksTo(to).map((l) => `${l.kind} ${l.from}.${l.item ?? ''} -> ${l.param} (${l.evidence})`).sort();

  it('links an initialiser to the functions that read its dict keys, and a backward pass to its forward pass', () => {
    assert.deepEqual(links('forward'), ['params init. -> p (dict-keys)']);
    // backward reads none of p's keys: p comes from forward's p only.
    assert.deepEqual(links('backward'), ['cache forward.1 -> cache (name-pair)', 'input forward. -> p (same-parameter)']);
    // affine_forward returns (out, cache): dout, the gradient of out, has out's shape.
    assert.deepEqual(links('affine_backward'), ['cache affine_forward.1 -> cache (name-pair)', 'output affine_forward.0 -> dout (name-pair)']);
  });

  it('makes no link from a name alone when nothing pairs it', () => {
    assert.deepEqual(links('unrelated'), []);
    assert.deepEqual(links('init'), []);
  });

  it('links no upstream gradient whose shape the backward pass\'s docstring states', () => {
    const stated = buildProgramModel(parsePython(`
def conv_forward(x, w):
    out = x.dot(w)
    return out, (x, w)

def conv_backward(dout, cache):
    """
    - dout: upstream derivative, of shape (N, M)
    """
    x, w = cache
    return dout.dot(w.T)
`));
    assert.deepEqual(stated.linksTo('conv_backward').map((l) => l.kind), ['cache']);
  });

  it('takes a parameter for the upstream gradient only by its name: d + the output\'s name, or dout/grad/delta', () => {
    const m = buildProgramModel(parsePython(`
def layer_forward(x, w):
    A = x.dot(w)
    return A, (x, w)

def layer_backward(dA, cache):
    x, w = cache
    return dA.dot(w.T)

def other_forward(x, w):
    out = x.dot(w)
    return out, (x, w)

def other_backward(data, cache):
    x, w = cache
    return data
`));
    assert.deepEqual(m.linksTo('layer_backward').map((l) => `${l.kind} ${l.param}`).sort(), ['cache cache', 'output dA']);
    assert.deepEqual(m.linksTo('other_backward').map((l) => l.kind), ['cache']);
  });

  it('orders producers before the functions they feed', () => {
    const order = model.order();
    assert.ok(order.indexOf('init') < order.indexOf('forward'));
    assert.ok(order.indexOf('forward') < order.indexOf('backward'));
    assert.ok(order.indexOf('affine_forward') < order.indexOf('affine_backward'));
  });
});

describe('values across a link', () => {
  it('copies sizes once per class, keeps constants, freezes named sizes in the unit, and survives a list that holds itself', () => {
    const d = new DimStore();
    const s = d.newScope();
    const n = d.rigid('n_h', s);
    const m = d.unknown('m');
    const anon = d.unknown();
    const list: Value & { t: 'list' } = { t: 'list', items: [] };
    list.items!.push({ t: 'array', shape: [n, m] }, { t: 'array', shape: [n, d.constant(1)] }, { t: 'array', shape: [anon] }, list);
    const unit = d.newScope();
    const copy = copyValue(d, list, new Map(), unit);
    assert.equal(copy.t, 'list');
    const items = copy.t === 'list' ? copy.items! : [];
    assert.equal(items[3], copy);
    const [a, b, c] = items.map((v) => (v.t === 'array' ? v.shape! : []));
    assert.equal(d.compare(a[0], b[0]), 'equal');
    assert.equal(d.compare(a[0], n), 'unknown');
    assert.equal(d.compare(a[0], a[1]), 'different');
    assert.equal(d.value(b[1]), 1);
    // A frozen size may still equal a constant; an unnamed one is not frozen.
    assert.equal(d.compare(a[1], d.constant(1)), 'unknown');
    assert.equal(d.compare(c[0], a[0]), 'unknown');
  });
});

describe('a layer class analysed as a unit', () => {
  it("gives backward's gradients shapes from what forward stored on the object", () => {
    const text = [
      'import numpy as np',
      'class Affine:',
      '    def __init__(self, n_in, n_out):',
      '        self.W = np.random.randn(n_in, n_out) * 0.01',
      '    def forward(self, X):',
      '        self.X = X',
      '        return X @ self.W',
      '    def backward(self, grad):',
      '        self.dW = self.X.T @ grad',
      '        return grad @ self.W.T',
    ].join('\n');
    const r = analyzeDocument({ kind: 'python', path: 'affine.py', text }, { verify: false });
    const at = (line: number) => r.shapes.find((s) => s.range.start.line + 1 === line)?.shape;
    // self.X is (N, n_in) by `X @ self.W` in forward, so self.X.T @ grad is (n_in, grad's columns).
    assert.match(at(9) ?? '', /^\(n_in, /);
  });
});

describe('where a linked or inferred shape came from', () => {
  it('says the forward function a cache came from, and the use that decided an input', () => {
    const r = analyzeDocument({ kind: 'python', path: 'net.py', text: NET }, { verify: false });
    const cacheLine = NET.split('\n').findIndex((l) => l.includes('X, Z1, A1, A2 = cache')) + 1;
    const origins = r.shapes.filter((s) => s.range.start.line + 1 === cacheLine).map((s) => s.origin ?? '');
    assert.ok(origins.length === 4, `shapes on line ${cacheLine}: ${origins.length}`);
    assert.ok(origins.every((o) => o.startsWith('from forward() (its cache, linked by name-pair)')), origins.join(' | '));
    assert.ok(origins.some((o) => /inferred from p\["W1"\] @ X on line \d+/.test(o)), origins.join(' | '));
  });
});
