/**
 * Rough operation counts for the backward graph: multiply-adds of an op's forward computation and
 * of its VJP. They are estimates for teaching (which op dominates), not a profiler.
 */
import { sizeOf } from '../shape';

/** Multiply-adds of one application of primitive `op`. */
export function forwardMultiplyAdds(op: string, inputShapes: readonly (readonly number[])[], outShape: readonly number[]): number {
  if (op === 'matmul') {
    const a = inputShapes[0];
    const k = a[a.length - 1] ?? 1;
    return sizeOf(outShape) * k; // each output entry is a length-k dot product
  }
  // Elementwise ops, reductions and data movement touch each input element about once.
  return Math.max(sizeOf(outShape), ...inputShapes.map(sizeOf));
}

/**
 * Multiply-adds of the VJP with respect to input `arg`: a matmul's VJP is another matmul of the
 * same size; other ops scale the cotangent elementwise.
 */
export function backwardMultiplyAdds(op: string, inputShapes: readonly (readonly number[])[], outShape: readonly number[], arg: number): number {
  if (op === 'matmul') return forwardMultiplyAdds(op, inputShapes, outShape);
  return Math.max(sizeOf(outShape), sizeOf(inputShapes[arg]));
}
