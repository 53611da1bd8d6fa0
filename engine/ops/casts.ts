// Casts: np.float64(x), np.int64(x), x.astype(dtype). A cast to float passes the gradient through;
// a truncation to int or bool is a step function (recorded as astype_int / astype_bool).

import { NDArray } from '../numeric/ndarray';
import { grad } from '../numeric/vjp';
import { reshape } from '../numeric/kernels';
import { num } from '../concrete/values';
import type { Concrete, OpEntry } from './definition';
import { cast, castName, dtypeOf } from './concreteArgs';
import { unaryShape } from './unary';

/** np.float64(x), np.int32(x): a Python number stays a number; an array is cast on the tape. */
const castCall: Concrete = (c) => {
  if (c.method) return cast(c, c.arr(c.self), dtypeOf(c.args[0] ?? c.kwargs.get('dtype')) ?? 'float');
  const v = c.get(0, 'x');
  const dt = castName(c.fn) ?? 'float';
  if (v?.t === 'num') return num(dt === 'int' ? Math.trunc(v.v) : v.v, dt === 'int');
  return cast(c, c.arr(v), dt);
};

const STEP = 'a truncation to int or bool is piecewise constant: zero gradient wherever it exists';

export const CAST_OPS: OpEntry[] = [
  {
    id: 'astype',
    spellings: ['np.float64', 'np.float32', 'np.float', 'array.astype'],
    syntax: 'call',
    shape: unaryShape,
    concrete: castCall,
    derivative: {
      /** Identity from float to float; a cast to int or bool has zero derivative. */
      vjp: ({ g, inputs: [x], out }) => [grad(x, () => (out.dtype === 'float' ? reshape(g, x.shape) : NDArray.zeros(x.shape)))],
      face: ({ g }) => g,
    },
  },
  { id: 'astype_int', spellings: ['np.int64', 'np.int32', 'np.int'], syntax: 'call', shape: unaryShape, concrete: castCall, derivative: { differentiable: false, reason: STEP } },
  { id: 'astype_bool', spellings: ['np.bool', 'np.bool_'], syntax: 'call', shape: unaryShape, concrete: castCall, derivative: { differentiable: false, reason: STEP } },
];
