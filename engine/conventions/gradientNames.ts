// The field's naming, written once: it pairs a gradient with what it differentiates (dW1 ↔ W1,
// dA_prev ↔ A_prev, dx ↔ x, dout ↔ out, grad_W ↔ W, W_grad ↔ W, gradW ↔ W, D_Whh ↔ Whh, grads["dW1"] ↔ W1, and CS231n's grads["W1"] ↔ W1)
// and names the objective, the batch size, an upstream gradient, a learning rate and the targets. The shape analysis (engine/interp/gradientPairs.ts) and
// gradient verification (engine/verify) both read these rules. Naming only chooses WHICH values to
// compare; a finding always rests on a shape contradiction or a failed numeric check.

const GRAD_NAME = /^d([A-Za-z_][A-Za-z0-9_]*)$/;
const GRAD_PREFIX = /^(?:grad_|D_|d_)([A-Za-z][A-Za-z0-9_]*)$/;
const NOT_A_STEM = /^(requires|no|enable|set|zero|retain|retains|with|is|has|use|compute|clip|max|accumulate|check|keep|needs?|track|stop|calc|calculate|get)$/i;
/** `W_grad`, `weightsGrad`, `bias_gradient`: the gradient named after what it differentiates, then the word. */
const GRAD_SUFFIX = /^([A-Za-z][A-Za-z0-9_]*?)(?:_grad|_gradient|Grad|Gradient)$/;
// The changes a step applies, keyed like the parameters (`change_w['W3']`, `updates['W1']`), have their shapes too.
const GRAD_DICT = /^(grads?|gradients?|derivatives|d_?params|param_grads|changes?(_to)?(_w|_weights|_params)?|updates?)$/i;

/** The name a gradient variable differentiates (`dW1` → `W1`, `grad_W` → `W`, `D_Whh` → `Whh`, `d_w2` → `w2`), or undefined when the name is not a gradient's. */
export function partnerOf(name: string): string | undefined {
  const m = GRAD_PREFIX.exec(name) ?? GRAD_NAME.exec(name) ?? GRAD_SUFFIX.exec(name);
  // Autograd frameworks' flags and switches (`requires_grad`, `no_grad`, `zero_grad`) are no gradients.
  if (m && NOT_A_STEM.test(m[1])) return undefined;
  if (m) return m[1];
  // JavaScript's camel case: `gradW` → W, `gradWeights` → weights.
  const camel = /^grad([A-Z]\w*)$/.exec(name)?.[1];
  return camel === undefined ? undefined : /^[A-Z][a-z]/.test(camel) ? camel[0].toLowerCase() + camel.slice(1) : camel;
}

const OBJECTIVE_PREFIX = /^(?:loss|cost)_([A-Za-z_][A-Za-z0-9_]*)$/;

/** Nielsen's lists of per-layer gradients (`nabla_w`, and one example's `delta_nabla_w`) and the lists they differentiate. */
const NABLA = /^(?:delta_)?nabla_([A-Za-z][A-Za-z0-9_]*)$/;
const NABLA_LISTS: ReadonlyMap<string, string> = new Map([['w', 'weights'], ['b', 'biases']]);

/** Whether a name is one of Nielsen's gradient lists (`nabla_w`, `delta_nabla_b`). */
export function isNablaList(name: string): boolean {
  return NABLA.test(name);
}

/**
 * The list a list of per-layer gradients differentiates, item by item: a gradient's name (`dW` → `W`,
 * `grad_w` → `w`), the objective's derivative named after the list (`loss_weights[l]` ↔ `weights[l]`), or
 * Nielsen's `nabla_w` ↔ `weights` and `nabla_b` ↔ `biases`.
 */
export function partnerOfList(name: string): string | undefined {
  const nabla = NABLA.exec(name)?.[1];
  if (nabla !== undefined) return NABLA_LISTS.get(nabla) ?? nabla;
  return partnerOf(name) ?? OBJECTIVE_PREFIX.exec(name)?.[1];
}

/** Dicts whose entries are gradients keyed by what they differentiate (`grads`, `Gradients`, `derivatives`, `change_w`). */
export function isGradientDict(name: string): boolean {
  return GRAD_DICT.test(name);
}

/** The partner of a gradient dict's key: "dW1" → W1; CS231n keys gradients by the parameter's own name ("W1" → W1). */
export function partnerOfKey(key: string): string {
  return partnerOf(key) ?? key;
}

/** Names the field gives the scalar being minimised. */
export function isObjectiveName(name: string): boolean {
  return /^(cost|loss|J|data_loss|total_loss|cross_entropy_cost)$/.test(name);
}

/** Names the field gives the batch size (the number of examples the cost averages over). */
export function isBatchName(name: string): boolean {
  return /^(m|N|n_samples|num_examples|num_train|batch_size|number of examples|n_examples)$/.test(name);
}

/** How the field names an upstream gradient a backward pass takes (`dout`, `grad_output`, `output_gradient`, `accum_grad`, `dvalues`). */
const UPSTREAM = /^((next|top|upstream)_d\w*|grad(_\w+)?|grad_output|gradient|(output|out|accum|top)_grad(ient)?|dvalues|delta(_\w+)?|dout|d_out|dy|upstream(_\w+)?)$/;

export function isUpstreamName(name: string): boolean {
  return UPSTREAM.test(name);
}

/** A learning rate's names (alone; updates.ts RATE_OR_SIZE adds the sizes a step may divide by). */
export const LEARNING_RATE_NAMES = 'lr|eta|alpha|learning_?rate|learningRate|step_?size|rate';
const LEARNING_RATE = new RegExp(`^(${LEARNING_RATE_NAMES})$`);

export function isLearningRateName(name: string): boolean {
  return LEARNING_RATE.test(name);
}

/** The other side of an output error the code writes out (`t - out`, `self.y - self.output`): the targets. */
export function isTargetName(name: string): boolean {
  return /^(t|y|Y|targets?|labels?|y_true|expected|desired)$/.test(name);
}
