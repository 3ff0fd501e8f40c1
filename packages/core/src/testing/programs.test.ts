import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor';
import { checkGrads } from './check_grads';
import { checkVmap } from './check_vmap';
import { Generator, randn } from '../random';
import { add, mul } from '../ops/binary';
import { astype } from '../ops/astype';
import { stack } from '../ops/concat';
import { grad } from '../transforms/autodiff';
import { OP_NAMES, programInputs, runProgram, type OpName, type Program } from './programs';
import { BOUND } from './programs_builder';
import { generateProgram } from './programs_generate';
import { prune, shrinkProgram } from './programs_shrink';

/** How many random programs are checked to second order (both modes) in float64. */
const PROGRAMS = 200;

const seeds = Array.from({ length: PROGRAMS }, (_, i) => 1000 + i);
// 2 to 9 steps each; stopGradient is left out: finite differences see through it (the PyTorch oracle covers it)
const programs = seeds.map((seed, i) => generateProgram(seed, { steps: 2 + (i % 8), exclude: ['stopGradient'] }));

/** checkGrads to `order` (default 2) in both modes on the program's own inputs: the error, or null. */
function gradError(p: Program, order = 2): Error | null {
  const f = (...xs: ReturnType<typeof programInputs>) => {
    const { output, loss } = runProgram(p, xs);
    return [output, loss];
  };
  try {
    checkGrads(f, programInputs(p), { order, seed: p.seed });
    return null;
  } catch (e) {
    return e as Error;
  }
}

describe('runProgram', () => {
  const program: Program = {
    seed: 0,
    inputs: [
      { name: 'x', shape: [2, 2], data: [1, 2, 3, 4] },
      { name: 'y', shape: [2], data: [10, 20] },
    ],
    steps: [
      { name: 't0', op: 'add', args: ['x', 'y'] }, // [[11, 22], [13, 24]]
      { name: 't1', op: 'sum', args: ['t0'], axes: [-1], keepdims: true }, // [[33], [37]]
      { name: 't2', op: 'addEye', args: ['x'], scalar: 5 }, // [[6, 2], [3, 9]]
      { name: 't3', op: 'det', args: ['t2'] }, // 48
      { name: 't4', op: 'mul', args: ['t1'], scalar: 2 },
      { name: 't5', op: 'sum', args: ['t4'], axes: null, keepdims: false },
    ],
    output: 't1',
    loss: 't5',
  };

  it('applies each step to the named values', () => {
    const { output, loss, values } = runProgram(program, programInputs(program));
    expect(output.shape).toEqual([2, 1]);
    expect(Array.from(output.data)).toEqual([1 + 2 + 10 + 20, 3 + 4 + 10 + 20]);
    expect(loss.item()).toBe(2 * (33 + 37));
    expect(values.get('t3')!.item()).toBeCloseTo(6 * 9 - 2 * 3, 12);
  });

  it('runs on the tensors it is given, not only the stored inputs', () => {
    const { output } = runProgram(program, [tensor([[0, 0], [0, 1]]), tensor([1, 1])]);
    expect(Array.from(output.data)).toEqual([2, 3]);
  });

  it('names the step and the problem when a program is malformed', () => {
    const inputs = programInputs(program);
    const bad = (steps: Program['steps']) => () => runProgram({ ...program, steps }, inputs);
    expect(bad([{ name: 's', op: 'nope' as OpName, args: ['x'] }])).toThrow(/step s has unknown op "nope"/);
    expect(bad([{ name: 's', op: 'exp', args: ['z'] }])).toThrow(/step s \(exp\) uses z, which is not defined/);
    expect(bad([{ name: 's', op: 'reshape', args: ['x'] }])).toThrow(/step s \(reshape\) is missing a parameter/);
    expect(() => runProgram(program, inputs.slice(1))).toThrow(/2 inputs but 1 tensors/);
  });
});

describe('generateProgram', () => {
  it('is a function of the seed, and survives JSON', () => {
    expect(JSON.stringify(generateProgram(7))).toBe(JSON.stringify(generateProgram(7)));
    expect(JSON.stringify(generateProgram(7))).not.toBe(JSON.stringify(generateProgram(8)));
    const p = programs[0];
    const again: Program = JSON.parse(JSON.stringify(p));
    expect(Array.from(runProgram(again, programInputs(again)).output.data)).toEqual(Array.from(runProgram(p, programInputs(p)).output.data));
  });

  it('uses every op of the format, ends in a scalar loss, keeps values finite and moderate', () => {
    const counts = new Map<OpName, number>(OP_NAMES.map((op) => [op, 0]));
    for (const p of programs) {
      for (const s of p.steps) counts.set(s.op, counts.get(s.op)! + 1);
      const { loss, values } = runProgram(p, programInputs(p));
      expect(loss.size).toBe(1);
      for (const [name, v] of values) {
        expect(v.data.every((x) => Number.isFinite(x) && Math.abs(x) <= BOUND), `${name} of program ${p.seed}`).toBe(true);
      }
    }
    const unused = OP_NAMES.filter((op) => op !== 'stopGradient' && counts.get(op) === 0);
    expect(unused).toEqual([]);
  });
});

describe('shrinkProgram', () => {
  it('cuts a failing program down to the steps that make it fail', () => {
    const p = programs.find((q) => q.steps.length >= 6 && q.steps.slice(2).some((s) => s.op === 'matmul'))!;
    const hasMatmul = (q: Program) => q.steps.some((s) => s.op === 'matmul');
    const small = shrinkProgram(p, hasMatmul);
    expect(hasMatmul(small)).toBe(true);
    expect(small.steps.length).toBeLessThan(p.steps.length);
    // the cut ends at the first matmul: its output is that step, its loss the sum of it
    const first = p.steps.find((s) => s.op === 'matmul')!;
    expect(small.output).toBe(first.name);
    expect(small.steps.filter((s) => s.op === 'matmul')).toHaveLength(1);
    expect(runProgram(small, programInputs(small)).output.shape).toEqual(runProgram(p, programInputs(p)).values.get(first.name)!.shape);
  });

  it('prune keeps only what the output and loss depend on', () => {
    const p: Program = {
      seed: 0,
      inputs: [{ name: 'a', shape: [1], data: [1] }, { name: 'b', shape: [1], data: [2] }],
      steps: [
        { name: 'u', op: 'exp', args: ['b'] },
        { name: 'v', op: 'sin', args: ['a'] },
        { name: 'w', op: 'sum', args: ['v'], axes: null, keepdims: false },
      ],
      output: 'v',
      loss: 'w',
    };
    const q = prune(p);
    expect(q.inputs.map((i) => i.name)).toEqual(['a']);
    expect(q.steps.map((s) => s.name)).toEqual(['v', 'w']);
    expect(runProgram(q, programInputs(q)).loss.item()).toBeCloseTo(Math.sin(1), 14);
  });
});

describe(`${PROGRAMS} random programs`, () => {
  it('have correct first and second derivatives (forward and reverse, checkGrads in float64)', () => {
    let checked = 0;
    for (const p of programs) {
      const error = gradError(p);
      if (error) {
        const small = shrinkProgram(p, (q) => gradError(q) !== null);
        throw new Error(`program ${p.seed} failed: ${error.message}\nsmallest failing program: ${JSON.stringify(small)}\nwhole program: ${JSON.stringify(p)}`);
      }
      checked++;
    }
    console.log(`programs.test: ${checked} random programs checked by checkGrads to order 2, both modes`);
    expect(checked).toBe(PROGRAMS);
  }, 120_000);

  it('the shorter ones have correct third derivatives too', () => {
    const short = programs.filter((p) => p.steps.length <= 5).slice(0, 50);
    for (const p of short) {
      const error = gradError(p, 3);
      if (error) throw new Error(`program ${p.seed} failed at order 3: ${error.message}\nsmallest failing program: ${JSON.stringify(shrinkProgram(p, (q) => gradError(q, 3) !== null))}`);
    }
    expect(short.length).toBe(50);
  }, 120_000);

  it('stay float32 from float32 inputs, and agree with float64 to float32 precision', () => {
    const argnumsOf = (p: Program) => p.inputs.map((_, i) => i);
    for (const p of programs) {
      const x64 = programInputs(p);
      const x32 = x64.map((x) => astype(x, 'float32'));
      const run = (xs: typeof x64) => {
        const { output, loss } = runProgram(p, xs);
        const grads = grad((...a: typeof xs) => runProgram(p, a).loss, { argnums: argnumsOf(p) })(...xs) as typeof xs;
        return [output, loss, ...grads];
      };
      const wide = run(x64), narrow = run(x32);
      narrow.forEach((t, k) => {
        expect(t.dtype, `result ${k} of program ${p.seed}`).toBe('float32');
        const scale = 1 + Math.max(...Array.from(wide[k].data as Float64Array, Math.abs));
        const worst = Math.max(0, ...Array.from(t.data as Float32Array, (v, i) => Math.abs(v - wide[k].data[i])));
        expect(worst / scale, `result ${k} of program ${p.seed}`).toBeLessThan(1e-4);
      });
    }
  });

  it('under vmap equal the loop over the batch, for values and gradients', () => {
    for (const p of programs) {
      // each input mapped along a random axis (or shared), the batch = 3 nearby points
      const gen = new Generator(p.seed);
      const xs = programInputs(p);
      const inAxes = xs.map((x, i) => (i > 0 && gen.next() < 0.3 ? null : gen.int(x.ndim + 1)));
      const args = xs.map((x, i) => {
        const axis = inAxes[i];
        return axis === null ? x : stack([0, 1, 2].map(() => add(x, mul(randn(x.shape, { generator: gen }), 1e-3))), axis);
      });
      const argnums = xs.map((_, i) => i);
      const values = (...a: typeof xs) => {
        const { output, loss } = runProgram(p, a);
        return [output, loss];
      };
      const grads = (...a: typeof xs) => grad((...b: typeof xs) => runProgram(p, b).loss, { argnums })(...a);
      try {
        checkVmap(values, args, { inAxes });
        checkVmap(grads, args, { inAxes });
      } catch (e) {
        throw new Error(`program ${p.seed} with inAxes ${JSON.stringify(inAxes)}: ${(e as Error).message}\n${JSON.stringify(p)}`);
      }
    }
  }, 120_000);
});
