/** A short demo of @jacobi/core: a gradient and a Jacobian-vector product. */
import core from '@jacobi/core';

const { tensor, grad, jvp, vjp, sum, tanh, matmul } = core;

const W = tensor([[1, -2, 0.5], [0.3, 0.8, -1]]);
const f = (x) => tanh(matmul(W, x)); // R^3 -> R^2
const x = tensor([0.1, 0.2, 0.3]);

console.log('f(x) = tanh(W x) at x =', x.toArray());
console.log('f(x)                =', f(x).toArray());
const loss = (x) => sum(f(x).square());
console.log('∇ sum(f(x)²)        =', grad(loss)(x).toArray());
const [, jv] = jvp(f, [x], [tensor([1, 0, 0])]);
console.log('J v, v = e1 (JVP)   =', jv.toArray(), '(column 0 of the 2x3 Jacobian)');
const [, pullback] = vjp(f, x);
console.log('uᵀ J, u = e1 (VJP)  =', pullback(tensor([1, 0]))[0].toArray(), '(row 0 of the Jacobian)');
