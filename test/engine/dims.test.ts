import { strict as assert } from 'node:assert';
import { DimStore } from '../../engine/shapes/dim';
import { broadcast, matmul, renderShape } from '../../engine/shapes/shapeOps';

describe('dimensions', () => {
  it('compares constants by value and rigid names within a scope as different', () => {
    const d = new DimStore();
    const s = d.newScope();
    const n = d.rigid('n_h', s);
    const m = d.rigid('m', s);
    assert.equal(d.compare(d.constant(3), d.constant(3)), 'equal');
    assert.equal(d.compare(d.constant(3), d.constant(4)), 'different');
    assert.equal(d.compare(n, m), 'different');
    assert.equal(d.compare(n, d.constant(4)), 'different');
    assert.equal(d.compare(n, n), 'equal');
  });

  it('answers unknown across scopes and merges on unify', () => {
    const d = new DimStore();
    const a = d.rigid('D', d.newScope());
    const b = d.rigid('input_size', d.newScope());
    assert.equal(d.compare(a, b), 'unknown');
    assert.ok(d.unify(a, b));
    assert.equal(d.compare(a, b), 'equal');
  });

  it('refuses to unify different dimensions and keeps them apart', () => {
    const d = new DimStore();
    const s = d.newScope();
    const a = d.rigid('n_x', s);
    const b = d.rigid('m', s);
    assert.equal(d.unify(a, b), false);
    assert.equal(d.compare(a, b), 'different');
  });

  it('a free dimension takes a constant and its label', () => {
    const d = new DimStore();
    const f = d.unknown('m');
    d.unify(f, d.constant(7));
    assert.equal(d.value(f), 7);
    assert.equal(d.render(f), 'm');
  });
});

describe('shape rules', () => {
  it('broadcasts (n, 1) with (n, m) and rejects (n, m) with (m, n)', () => {
    const d = new DimStore();
    const s = d.newScope();
    const n = d.rigid('n', s);
    const m = d.rigid('m', s);
    const ok = broadcast(d, [n, d.constant(1)], [n, m]);
    assert.ok(ok.ok);
    assert.equal(renderShape(d, ok.ok ? ok.shape : undefined), '(n, m)');
    const bad = broadcast(d, [n, m], [m, n]);
    assert.equal(bad.ok, false);
  });

  it('broadcasts a rank-1 (n,) against (n, 1) into (n, n)', () => {
    const d = new DimStore();
    const n = d.rigid('n', d.newScope());
    const r = broadcast(d, [n], [n, d.constant(1)]);
    assert.ok(r.ok);
    assert.equal(renderShape(d, r.ok ? r.shape : undefined), '(n, n)');
  });

  it('multiplies (a, b)·(b, c) and names the inner dimensions when they differ', () => {
    const d = new DimStore();
    const s = d.newScope();
    const [a, b, c] = ['a', 'b', 'c'].map((x) => d.rigid(x, s));
    const ok = matmul(d, [a, b], [b, c]);
    assert.ok(ok.ok);
    assert.equal(renderShape(d, ok.ok ? ok.shape : undefined), '(a, c)');
    const bad = matmul(d, [a, b], [c, b]);
    assert.ok(!bad.ok && bad.kind === 'inner');
    if (!bad.ok && bad.kind === 'inner') assert.deepEqual([d.render(bad.left), d.render(bad.right)], ['b', 'c']);
  });

  it('treats 1-D operands as NumPy does: (n,)·(n, m) → (m,), (a, n)·(n,) → (a,)', () => {
    const d = new DimStore();
    const s = d.newScope();
    const [n, m, a] = ['n', 'm', 'a'].map((x) => d.rigid(x, s));
    const r1 = matmul(d, [n], [n, m]);
    const r2 = matmul(d, [a, n], [n]);
    assert.equal(renderShape(d, r1.ok ? r1.shape : undefined), '(m,)');
    assert.equal(renderShape(d, r2.ok ? r2.shape : undefined), '(a,)');
  });
});

describe('DimStore.makeRigid', () => {
  it('makes an unknown class a free name of a scope, different from constants, and leaves known classes alone', () => {
    const s = new DimStore();
    const n = s.unknown();
    assert.equal(s.makeRigid(n, 0), true);
    assert.equal(s.compare(n, s.constant(100)), 'different');
    const named = s.unknown('m');
    assert.equal(s.makeRigid(named, 0), false);
    assert.equal(s.makeRigid(s.constant(3), 0), false);
  });
});
