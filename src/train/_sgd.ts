import * as tf from '@tensorflow/tfjs';

/**
 * @internal SGD with momentum and optional L2 weight decay, with its state in plain variables so it can be
 * checkpointed: for each variable w with gradient g, `g' = g + weightDecay · w` (only where `decayed[i]`),
 * `v ← momentum · v + g'`, `w ← w − lr · v` (PyTorch's and tfjs's `momentum` form, no dampening, not Nesterov).
 */
export class MomentumSgd {
  readonly velocities: tf.Variable[];

  constructor(
    readonly variables: readonly tf.Variable[],
    readonly momentum: number,
    readonly weightDecay: number,
    readonly decayed: readonly boolean[],
  ) {
    this.velocities = variables.map((w) => tf.tidy(() => tf.variable(tf.zerosLike(w), false)));
  }

  /** Applies one update with learning rate `lr`; `grads[i]` is the gradient of `variables[i]`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    tf.tidy(() => {
      const rate = tf.scalar(lr);
      const m = tf.scalar(this.momentum);
      const wd = tf.scalar(this.weightDecay);
      for (let i = 0; i < this.variables.length; i++) {
        const w = this.variables[i] as tf.Variable;
        const v = this.velocities[i] as tf.Variable;
        let g = grads[i] as tf.Tensor;
        if (this.weightDecay !== 0 && this.decayed[i]) g = tf.add(g, tf.mul(wd, w));
        const next = tf.add(tf.mul(m, v), g);
        v.assign(next);
        w.assign(tf.sub(w, tf.mul(rate, next)));
      }
    });
  }

  dispose(): void {
    for (const v of this.velocities) v.dispose();
  }
}
