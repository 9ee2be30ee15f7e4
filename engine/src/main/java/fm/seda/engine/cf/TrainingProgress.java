package fm.seda.engine.cf;

/** Told after each ALS iteration how far training has come. Called on the training thread. */
@FunctionalInterface
public interface TrainingProgress {

  /**
   * Iteration {@code iteration} of {@code of} (1-based) is done, {@code seconds} after training
   * started; {@code loss} is the weighted squared error plus regularisation per unit of confidence
   * (as the {@code implicit} library reports it), or NaN if it was not computed.
   */
  void iterationDone(int iteration, int of, double seconds, double loss);

  /** Ignores progress; training then skips computing the loss. */
  TrainingProgress NONE = (iteration, of, seconds, loss) -> {};
}
