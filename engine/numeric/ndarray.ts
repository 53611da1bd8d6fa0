// The array type of the numeric layer: a NumPy-subset ndarray, always row-major and contiguous in a
// Float64Array, with a dtype tag ('float', 'int' or 'bool'; ints and bools are stored as exact
// doubles, bools as 0/1). Every operation returns a new array; there are no views.

export type DType = 'float' | 'int' | 'bool';

/** A shape error or an unsupported case; the message names the shapes involved. */
export class NumericError extends Error {
  /**
   * For a shape error between operands: their shapes, and the pairs of sizes that had to be equal
   * (a matmul's inner dimensions, a broadcast's axes where neither is 1).
   */
  clash?: {
    shapes: number[][];
    sizes: [number, number][];
    /** The clash is with a size the run guessed (labels against the output): always a size to learn, never a finding. */
    guessed?: boolean;
  };
  /** Where the evaluator met it (set as it unwinds): the innermost expression, statements outward. */
  where?: { expr?: unknown; stmts: { stmt: unknown; file: string }[] };

  constructor(message: string, clash?: NumericError['clash']) {
    super(message);
    this.name = 'NumericError';
    if (clash) this.clash = clash;
  }
}

/** The largest array the numeric layer makes (elements): gradient checks need small arrays only. */
export const MAX_ELEMENTS = 4_000_000;

/** Number of elements; throws NumericError past MAX_ELEMENTS, before anything is allocated. */
export function sizeOf(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  if (n > MAX_ELEMENTS) throw new NumericError(`an array of shape ${shapeStr(shape)} (${n} elements) is over the evaluator's limit of ${MAX_ELEMENTS}`);
  return n;
}

/** "(3, 4)", "(3,)", "()" — as NumPy prints shapes. */
export function shapeStr(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Row-major strides in elements. */
export function stridesOf(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** The dtype of a result combining a and b: bool < int < float. */
export function promote(a: DType, b: DType): DType {
  if (a === 'float' || b === 'float') return 'float';
  if (a === 'int' || b === 'int') return 'int';
  return 'bool';
}

/** A value stored in an array of the given dtype: ints truncate toward zero, bools become 0/1. */
export function castValue(x: number, dtype: DType): number {
  if (dtype === 'int') return Math.trunc(x);
  if (dtype === 'bool') return x !== 0 ? 1 : 0; // NaN is truthy, as in NumPy
  return x;
}

export class NDArray {
  readonly shape: number[];
  readonly data: Float64Array;
  dtype: DType;

  constructor(shape: number[], data: Float64Array, dtype: DType = 'float') {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new NumericError(`invalid shape ${shapeStr(shape)}`);
    }
    if (data.length !== sizeOf(shape)) {
      throw new NumericError(`data of length ${data.length} does not fit shape ${shapeStr(shape)}`);
    }
    this.shape = shape.slice();
    this.data = data;
    this.dtype = dtype;
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  static scalar(x: number, dtype: DType = 'float'): NDArray {
    return new NDArray([], Float64Array.of(castValue(x, dtype)), dtype);
  }

  /** The n × n identity matrix. */
  static identity(n: number): NDArray {
    const out = NDArray.zeros([n, n]);
    for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
    return out;
  }

  static zeros(shape: number[], dtype: DType = 'float'): NDArray {
    return new NDArray(shape, new Float64Array(sizeOf(shape)), dtype);
  }

  static full(shape: number[], v: number, dtype: DType = 'float'): NDArray {
    return new NDArray(shape, new Float64Array(sizeOf(shape)).fill(castValue(v, dtype)), dtype);
  }

  /**
   * Numbers, booleans and nested arrays of them. Without a dtype: all booleans → 'bool', all
   * integers (or booleans mixed with integers) → 'int', otherwise 'float'. Ragged → NumericError.
   */
  static fromNested(v: unknown, dtype?: DType): NDArray {
    const shape: number[] = [];
    for (let cur: unknown = v; Array.isArray(cur); cur = cur[0]) {
      shape.push(cur.length);
      if (cur.length === 0) break;
    }
    const out: number[] = [];
    let sawBool = false;
    let sawNonInt = false;
    let sawNumber = false;
    const walk = (x: unknown, depth: number): void => {
      if (depth < shape.length) {
        if (!Array.isArray(x) || x.length !== shape[depth]) {
          throw new NumericError(`ragged nested sequence: expected length ${shape[depth]} at depth ${depth}`);
        }
        for (const e of x) walk(e, depth + 1);
        return;
      }
      if (typeof x === 'boolean') {
        sawBool = true;
        out.push(x ? 1 : 0);
      } else if (typeof x === 'number') {
        sawNumber = true;
        if (!Number.isInteger(x)) sawNonInt = true;
        out.push(x);
      } else {
        throw new NumericError(`ragged or non-numeric nested sequence at depth ${depth}`);
      }
    };
    walk(v, 0);
    const inferred: DType = sawNonInt || (!sawNumber && !sawBool) ? 'float' : sawNumber ? 'int' : 'bool';
    const dt = dtype ?? inferred;
    const data = Float64Array.from(out, (x) => castValue(x, dt));
    return new NDArray(shape, data, dt);
  }

  /** Nested JS arrays (numbers; booleans for dtype 'bool'); a bare value for shape (). */
  toNested(): unknown {
    const conv = (x: number): number | boolean => (this.dtype === 'bool' ? x !== 0 : x);
    const build = (depth: number, offset: number, stride: number): unknown => {
      if (depth === this.shape.length) return conv(this.data[offset]);
      const inner = stride / (this.shape[depth] || 1);
      const res: unknown[] = [];
      for (let i = 0; i < this.shape[depth]; i++) res.push(build(depth + 1, offset + i * inner, inner));
      return res;
    };
    return build(0, 0, this.size);
  }

  clone(): NDArray {
    return new NDArray(this.shape, this.data.slice(), this.dtype);
  }

  item(): number {
    if (this.size !== 1) {
      throw new NumericError(`item: can only convert an array of size 1, not shape ${shapeStr(this.shape)}`);
    }
    return this.data[0];
  }
}
