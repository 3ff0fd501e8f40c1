/**
 * Shape ops and matmul on random shapes, empty ones included: each result is checked against a
 * reference built from index arithmetic on the input's values (never by calling the op itself),
 * and gradients by checkGrads to order 2 on non-empty shapes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concat, grad, matmul, pad, reshape, slice, stack, sum, take, transpose, type SliceRange, type Tensor } from '../index';
import { checkGrads } from '../testing';
import { broadcastResult, expectValues, nonEmptyShape, property, randomTensor, ravel, readBroadcast, reportCases, shapeArb, size, unravel } from './generators';

reportCases('shapes.test.ts');

/** Every element of `shape`, by the function of its multi-index. */
const build = (shape: readonly number[], at: (idx: number[]) => number) => Array.from({ length: size(shape) }, (_, k) => at(unravel(k, shape)));

/** Gradients of sum(f(x)) * weights on a zero-size input: the input's shape, no elements. */
function expectEmptyGradient(f: (x: Tensor) => Tensor, x: Tensor): void {
  expectValues(grad((t: Tensor) => sum(f(t)))(x), x.shape, [], 0, 'zero-size gradient');
}

describe('matmul', () => {
  /** [...batchA, m, k] @ [...batchB, k, n], batches broadcasting, any dimension possibly 0; 1-D operands too. */
  const operands = fc.record({
    batch: fc.tuple(shapeArb(2, 2), shapeArb(2, 2)).filter(([a, b]) => broadcastResult(a, b) !== null),
    m: fc.nat({ max: 3 }),
    k: fc.nat({ max: 3 }),
    n: fc.nat({ max: 3 }),
    vecA: fc.boolean(),
    vecB: fc.boolean(),
    seed: fc.nat(),
  });

  it('agrees with the sum over k of a[..., i, k] b[..., k, j] (k = 0 gives zeros), batches broadcasting', () => {
    property(
      'matmul values',
      operands,
      ({ batch: [ba, bb], m, k, n, vecA, vecB, seed }) => {
        const sa = vecA ? [k] : [...ba, m, k];
        const sb = vecB ? [k] : [...bb, k, n];
        const a = randomTensor(sa, seed);
        const b = randomTensor(sb, seed + 1);
        // the reference works on the matrix forms and drops vector axes at the end, as NumPy does
        const [ma, mb] = [vecA ? [1, k] : sa, vecB ? [k, 1] : sb];
        const batch = broadcastResult(ma.slice(0, -2), mb.slice(0, -2)) as number[];
        const [rows, cols] = [ma[ma.length - 2], mb[mb.length - 1]];
        const full = [...batch, rows, cols];
        const data = build(full, (idx) => {
          const bi = idx.slice(0, -2), [i, j] = idx.slice(-2);
          let acc = 0;
          for (let t = 0; t < k; t++) acc += readBroadcast(a.data, ma, [...bi, i, t]) * readBroadcast(b.data, mb, [...bi, t, j]);
          return acc;
        });
        const shape = [...batch, ...(vecA ? [] : [rows]), ...(vecB ? [] : [cols])];
        expectValues(matmul(a, b), shape, data, 1e-12, `matmul(${fmtS(sa)}, ${fmtS(sb)})`);
      },
      80,
    );
  });

  it('checkGrads to order 2 on random non-empty operands with broadcast batches', () => {
    property(
      'matmul gradients',
      operands.filter(({ m, k, n, batch: [ba, bb] }) => m > 0 && k > 0 && n > 0 && size(ba) > 0 && size(bb) > 0),
      ({ batch: [ba, bb], m, k, n, vecA, vecB, seed }) => {
        const a = randomTensor(vecA ? [k] : [...ba, m, k], seed);
        const b = randomTensor(vecB ? [k] : [...bb, k, n], seed + 1);
        checkGrads(matmul, [a, b], { seed });
      },
      12,
    );
  });
});

const fmtS = (s: readonly number[]) => `[${s.join(', ')}]`;

describe('reshape and transpose', () => {
  it('reshape keeps row-major order for any factorization, -1 inferred, empty shapes included', () => {
    property(
      'reshape values',
      fc.record({ shape: shapeArb(4, 3), target: shapeArb(4, 3), seed: fc.nat(), infer: fc.nat({ max: 3 }) }).filter(({ shape, target }) => size(shape) === size(target)),
      ({ shape, target, seed, infer }) => {
        const x = randomTensor(shape, seed);
        // -1 is only unambiguous when the other dimensions are not all zero-sized
        const asked = infer < target.length && size(target.filter((_, i) => i !== infer)) > 0 ? target.map((d, i) => (i === infer ? -1 : d)) : target;
        expectValues(reshape(x, asked), target, Array.from(x.data), 0, `reshape ${fmtS(shape)} -> ${fmtS(asked)}`);
      },
      80,
    );
  });

  it('transpose by a random permutation moves element idx to idx permuted; gradients to order 2', () => {
    property(
      'transpose values',
      shapeArb(4, 3).chain((s) => fc.record({ shape: fc.constant(s), perm: fc.shuffledSubarray([...s.keys()], { minLength: s.length }), seed: fc.nat() })),
      ({ shape, perm, seed }) => {
        const x = randomTensor(shape, seed);
        const outShape = perm.map((p) => shape[p]);
        const data = build(outShape, (idx) => x.data[ravel(shape.map((_, d) => idx[perm.indexOf(d)]), shape)]);
        expectValues(transpose(x, perm), outShape, data, 0, `transpose ${fmtS(shape)} by ${fmtS(perm)}`);
        if (size(shape) > 0 && size(shape) <= 24) checkGrads((t) => transpose(t, perm), [x], { seed });
        if (size(shape) === 0) expectEmptyGradient((t) => transpose(t, perm), x);
      },
      60,
    );
  });
});

describe('slice and pad', () => {
  /** Python's slice semantics, enumerated element by element. */
  function pythonRange(n: number, [start, stop, step]: [number | null, number | null, number]): number[] {
    const norm = (v: number) => (v < 0 ? v + n : v);
    const out: number[] = [];
    if (step > 0) {
      const a = start === null ? 0 : Math.max(0, norm(start));
      const b = stop === null ? n : Math.min(n, norm(stop));
      for (let i = a; i < b; i += step) out.push(i);
    } else {
      const a = start === null ? n - 1 : Math.min(n - 1, norm(start));
      const b = stop === null ? -1 : Math.max(-1, norm(stop));
      for (let i = a; i > b; i += step) out.push(i);
    }
    return out;
  }
  const bound = fc.option(fc.integer({ min: -5, max: 5 }));
  const range = fc.tuple(bound, bound, fc.constantFrom(1, 2, 3, -1, -2));

  it('slice with random ranges and steps (negative too) reads the enumerated indices', () => {
    property(
      'slice values',
      shapeArb(3, 4).chain((s) => fc.record({ shape: fc.constant(s), ranges: fc.tuple(...s.map(() => range)), seed: fc.nat() })),
      ({ shape, ranges, seed }) => {
        const x = randomTensor(shape, seed);
        const picks = ranges.map((r, d) => pythonRange(shape[d], r));
        const outShape = picks.map((p) => p.length);
        const data = build(outShape, (idx) => x.data[ravel(idx.map((i, d) => picks[d][i]), shape)]);
        const spec = ranges.map(([a, b, c]) => [a, b, c] as SliceRange);
        expectValues(slice(x, spec), outShape, data, 0, `slice ${fmtS(shape)} by ${JSON.stringify(ranges)}`);
        if (size(outShape) > 0 && size(shape) <= 24) checkGrads((t) => slice(t, spec), [x], { seed });
        if (size(shape) === 0) expectEmptyGradient((t) => slice(t, spec), x);
      },
      80,
    );
  });

  it('pad surrounds the input with zeros, empty inputs included', () => {
    property(
      'pad values',
      shapeArb(3, 3).chain((s) => fc.record({ shape: fc.constant(s), widths: fc.tuple(...s.map(() => fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })))), seed: fc.nat() })),
      ({ shape, widths, seed }) => {
        const x = randomTensor(shape, seed);
        const outShape = shape.map((d, i) => widths[i][0] + d + widths[i][1]);
        const data = build(outShape, (idx) => {
          const src = idx.map((v, i) => v - widths[i][0]);
          return src.every((v, i) => v >= 0 && v < shape[i]) ? x.data[ravel(src, shape)] : 0;
        });
        expectValues(pad(x, widths), outShape, data, 0, `pad ${fmtS(shape)} by ${JSON.stringify(widths)}`);
        if (size(shape) > 0 && size(shape) <= 24) checkGrads((t) => pad(t, widths), [x], { seed });
        if (size(shape) === 0) expectEmptyGradient((t) => pad(t, widths), x);
      },
      60,
    );
  });
});

describe('concat, stack and take', () => {
  const pieces = shapeArb(3, 3)
    .filter((s) => s.length > 0)
    .chain((s) =>
      fc.record({
        shape: fc.constant(s),
        axis: fc.integer({ min: -s.length, max: s.length - 1 }),
        lengths: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 4 }),
        seed: fc.nat(),
      }),
    );

  it('concat of pieces of random (possibly zero) length along a random axis', () => {
    property(
      'concat values',
      pieces,
      ({ shape, axis, lengths, seed }) => {
        const a = axis < 0 ? axis + shape.length : axis;
        const xs = lengths.map((len, i) => randomTensor(shape.map((d, j) => (j === a ? len : d)), seed + i));
        const outShape = shape.map((d, j) => (j === a ? lengths.reduce((p, q) => p + q, 0) : d));
        const data = build(outShape, (idx) => {
          let i = idx[a], piece = 0;
          while (i >= lengths[piece]) i -= lengths[piece++];
          const src = idx.map((v, j) => (j === a ? i : v));
          return xs[piece].data[ravel(src, xs[piece].shape)];
        });
        expectValues(concat(xs, axis), outShape, data, 0, `concat along ${axis}`);
        if (xs.every((x) => x.size > 0) && size(outShape) <= 30) checkGrads((...ts) => concat(ts, axis), xs, { seed });
        // the gradient of the total reaches every piece, empty ones with their own (empty) shape
        const grads = grad((...ts: Tensor[]) => sum(concat(ts, axis)), { argnums: xs.map((_, i) => i) })(...xs) as Tensor[];
        grads.forEach((g, i) => expectValues(g, xs[i].shape, new Array(xs[i].size).fill(1), 0, `concat gradient of piece ${i}`));
      },
      60,
    );
  });

  it('stack of equal shapes (zero-size too) along a new axis', () => {
    property(
      'stack values',
      shapeArb(3, 3).chain((s) => fc.record({ shape: fc.constant(s), axis: fc.integer({ min: -s.length - 1, max: s.length }), count: fc.integer({ min: 1, max: 3 }), seed: fc.nat() })),
      ({ shape, axis, count, seed }) => {
        const a = axis < 0 ? axis + shape.length + 1 : axis;
        const xs = Array.from({ length: count }, (_, i) => randomTensor(shape, seed + i));
        const outShape = [...shape.slice(0, a), count, ...shape.slice(a)];
        const data = build(outShape, (idx) => xs[idx[a]].data[ravel(idx.filter((_, j) => j !== a), shape)]);
        expectValues(stack(xs, axis), outShape, data, 0, `stack along ${axis}`);
        if (size(outShape) > 0 && size(outShape) <= 24) checkGrads((...ts) => stack(ts, axis), xs, { seed });
      },
      60,
    );
  });

  it('take with random (negative, repeated, empty) indices along a random axis', () => {
    property(
      'take values',
      shapeArb(3, 3)
        .filter((s) => s.length > 0)
        .chain((s) => fc.integer({ min: -s.length, max: s.length - 1 }).map((axis) => ({ s, axis })))
        .chain(({ s, axis }) => {
          const n = s[axis < 0 ? axis + s.length : axis];
          const index = n === 0 ? fc.constant<number[]>([]) : fc.array(fc.integer({ min: -n, max: n - 1 }), { maxLength: 4 });
          return fc.record({ shape: fc.constant(s), axis: fc.constant(axis), indices: index, seed: fc.nat() });
        }),
      ({ shape, axis, indices, seed }) => {
        const a = axis < 0 ? axis + shape.length : axis;
        const x = randomTensor(shape, seed);
        const outShape = shape.map((d, j) => (j === a ? indices.length : d));
        const data = build(outShape, (idx) => {
          const i = indices[idx[a]];
          return x.data[ravel(idx.map((v, j) => (j === a ? (i < 0 ? i + shape[a] : i) : v)), shape)];
        });
        expectValues(take(x, indices, axis), outShape, data, 0, `take ${JSON.stringify(indices)} along ${axis} of ${fmtS(shape)}`);
        if (size(outShape) > 0 && size(shape) <= 24) checkGrads((t) => take(t, indices, axis), [x], { seed });
        if (size(shape) === 0) expectEmptyGradient((t) => take(t, indices, axis), x);
        expect(() => take(x, [shape[a]], axis)).toThrow(/^take: index -?\d+ is out of range for axis \d+ of shape \[/);
      },
      60,
    );
  });
});
