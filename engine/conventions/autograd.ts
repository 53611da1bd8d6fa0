// Custom autograd functions, PyTorch's `torch.autograd.Function` and the homework frameworks that copy it
// (CMU's MyTorch, course "autograd from scratch" libraries): a class whose `forward(ctx, *inputs)` and
// `backward(ctx, *grad_outputs)` are static methods. `ctx` is a context object, not an instance of the
// class: forward stores what backward needs with `ctx.save_for_backward(a, b)` (read back as
// `ctx.saved_tensors`) or as attributes (`ctx.alpha = alpha`), and backward returns one gradient per input
// of forward, in order, whatever it names them.

import type { Expr, Stmt } from '../syntax/ast';

/** The context's method that keeps tensors for the backward pass. */
export const SAVE_FOR_BACKWARD = 'save_for_backward';
/** The context's attributes that read them back (the second is PyTorch's older name). */
export const SAVED_TENSORS = ['saved_tensors', 'saved_variables'];
/** The builtin both layers give `ctx.save_for_backward` when the context's class does not define it. */
export const SAVE_BUILTIN = 'autograd.save_for_backward';

function isStatic(def: Stmt & { kind: 'def' }): boolean {
  return def.decorators.some((d) => d.kind === 'name' && d.id === 'staticmethod');
}

/**
 * Whether a method's first parameter receives an object: a plain method's self, or the context of a
 * custom autograd function's static forward and backward. Any other `@staticmethod` takes its arguments as they are.
 */
export function takesObjectFirst(cls: Stmt & { kind: 'class' }, def: Stmt & { kind: 'def' }): boolean {
  return !isStatic(def) || ((def.name === 'forward' || def.name === 'backward') && isAutogradFunction(cls));
}

/** The name the field gives the context (`ctx`, PyTorch's and MyTorch's; `context`). */
const CONTEXT = /^(ctx|context)$/;

/** Whether a class is a custom autograd function: static forward and backward, each taking the context first. */
export function isAutogradFunction(cls: Stmt & { kind: 'class' }): boolean {
  const method = (name: string) => cls.body.find((s): s is Stmt & { kind: 'def' } => s.kind === 'def' && s.name === name);
  const f = method('forward');
  const b = method('backward');
  return !!f && !!b && isStatic(f) && isStatic(b) && f.params.length >= 2 && b.params.length >= 2 && CONTEXT.test(f.params[0].name) && f.params[0].name === b.params[0].name;
}

/**
 * The frameworks' tensor: an object wrapping an array (`Tensor(np.exp(a.data), requires_grad=...)`, read
 * back with `.data`). A call of `Tensor` from a module that is not there (`tensor.Tensor`, `MLlib.Tensor`)
 * makes one; torch's own tensors are arrays already.
 */
export const TENSOR_WRAPPER = 'Tensor';
/** The attribute that unwraps it. */
export const WRAPPED_DATA = 'data';
/**
 * `unbroadcast(grad, shape)` (HIPS autograd, MyTorch and their copies): sums a gradient over the axes its
 * forward pass broadcast. To the shape the gradient already has, whatever its definition, it is the identity.
 */
export const UNBROADCAST = 'unbroadcast';

/** A call of `Tensor(...)`, `x.Tensor(...)` or `unbroadcast(...)`, by its callee's name. */
export function isWrapperCall(e: Expr & { kind: 'call' }): boolean {
  const callee = e.func.kind === 'name' ? e.func.id : e.func.kind === 'attr' ? e.func.name : undefined;
  return callee === TENSOR_WRAPPER || callee === UNBROADCAST;
}
