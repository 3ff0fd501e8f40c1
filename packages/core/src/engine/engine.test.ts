/** Engine edge cases: deep graphs, tracers outliving their transform, identity and reuse, empty pytrees. */
import { describe, expect, it } from 'vitest';
import { add, arange, grad, jvp, mul, reshape, sum, tensor, vjp, vmap, zeros, type Tensor } from '../index';
import { inspect } from 'node:util';
import { definePrimitive } from './primitive';
import { bind } from './trace';

const values = (t: Tensor) => Array.from(t.data);

describe('the engine', () => {
  it('runs backward through a chain of 20,000 ops without overflowing the stack', () => {
    const chain = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < 20_000; i++) y = i % 2 === 0 ? add(y, 1e-6) : mul(y, 1);
      return sum(y);
    };
    expect(values(grad(chain)(tensor([1, 2])))).toEqual([1, 1]);
    expect(jvp(chain, [tensor([1, 2])], [tensor([1, 1])])[1].item()).toBe(2);
  });

  it('a tensor saved from inside grad is a plain value after grad returns', () => {
    let kept: Tensor | undefined;
    grad((x: Tensor) => {
      kept = mul(x, 2);
      return sum(kept);
    })(tensor([1, 2]));
    expect(values(add(kept!, 1))).toEqual([3, 5]);
    expect(String(kept)).toContain('[2., 4.]');
    // used in a later derivative, it is a constant there
    expect(values(grad((y: Tensor) => sum(mul(kept!, y)))(tensor([1, 1])))).toEqual([2, 4]);
  });

  it('differentiates the identity and an input used twice', () => {
    expect(grad((x: Tensor) => x)(tensor(3)).item()).toBe(1);
    const [out, back] = vjp((x: Tensor) => x, tensor([1, 2]));
    expect(values(out)).toEqual([1, 2]);
    expect(values(back(tensor([5, 7]))[0])).toEqual([5, 7]);
    expect(jvp((x: Tensor) => x, [tensor([1])], [tensor([4])])[1].item()).toBe(4);
    expect(grad((x: Tensor) => mul(x, x))(tensor(3)).item()).toBe(6);
    expect(grad((x: Tensor) => sum(add(x, x)))(tensor([1, 2])).data[0]).toBe(2);
  });

  it('keeps empty arrays and objects in pytrees, and size-0 tensors', () => {
    const g = grad((p: { w: Tensor; none: Tensor[]; nothing: object }) => sum(mul(p.w, p.w)))({ w: tensor([3]), none: [], nothing: {} });
    expect(values(g.w)).toEqual([6]);
    expect(g.none).toEqual([]);
    expect(g.nothing).toEqual({});
    const e = grad((x: Tensor) => sum(mul(x, x)))(zeros([0, 3]));
    expect(e.shape).toEqual([0, 3]);
  });

  it('names the primitive whose rule returns a derivative of the wrong shape', () => {
    const wrongP = definePrimitive({
      name: 'wrongRules',
      impl: ([x]) => x,
      jvp: (t) => reshape(t, [t.size, 1]),
      vjp: (g) => reshape(g, [g.size, 1]),
      saves: { inputs: [], output: false },
      batch: ([x], [d]) => [x, d],
    });
    const f = (x: Tensor) => bind(wrongP, [x], undefined);
    expect(() => jvp(f, [tensor([1, 2])], [tensor([1, 1])])).toThrow(/^wrongRules: its JVP rule returned shape \[2, 1\], which does not broadcast to the output shape \[2\]$/);
    expect(() => grad((x: Tensor) => sum(f(x)))(tensor([1, 2]))).toThrow(/^wrongRules: its VJP rule returned shape \[2, 1\] for an input of shape \[2\]$/);
  });

  it('prints a tensor inside vmap (shape and dtype; its values are a whole batch) instead of throwing', () => {
    let printed = '';
    vmap((x: Tensor) => {
      printed = inspect(x);
      return x;
    })(arange(6).reshape([3, 2]));
    expect(printed).toMatch(/^tensor\(<cannot read the values of a tensor inside vmap.*>, shape=\[2\], dtype=float64\)$/);
  });
});
