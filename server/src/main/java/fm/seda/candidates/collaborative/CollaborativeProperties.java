package fm.seda.candidates.collaborative;

import fm.seda.engine.cf.AlsParams;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seda.candidates.als.*}: the collaborative model's knobs. More factors capture finer taste
 * and cost memory and time linearly-to-quadratically; regularisation keeps rare users and items
 * from overfitting; alpha is how much more a repeated interaction counts than a single one (Hu,
 * Koren and Volinsky use 40); iterations beyond ~15 rarely change the ranking.
 */
@ConfigurationProperties("seda.candidates.als")
record CollaborativeProperties(
    @DefaultValue("64") int factors,
    @DefaultValue("0.05") double regularization,
    @DefaultValue("40") double alpha,
    @DefaultValue("15") int iterations,
    @DefaultValue("0") int threads) {

  /** The engine's parameters; threads 0 means every available processor. */
  AlsParams params() {
    AlsParams defaults = AlsParams.defaults();
    return new AlsParams(
        factors,
        regularization,
        alpha,
        iterations,
        defaults.cgSteps(),
        defaults.seed(),
        threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
  }
}
