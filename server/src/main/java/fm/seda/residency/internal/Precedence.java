package fm.seda.residency.internal;

import fm.seda.regions.DataResidency;
import fm.seda.residency.ResidencySignal;
import fm.seda.residency.ResidencySource;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;

/** The residency a user's signals decide: the highest-precedence live one, else the default. */
final class Precedence {

  /** A decided residency and the source that decided it. */
  record Decision(DataResidency residency, ResidencySource source) {}

  static final Decision DEFAULT = new Decision(DataResidency.NON_EU, ResidencySource.DEFAULT);

  private Precedence() {}

  static Decision decide(Collection<ResidencySignal> signals, Instant now) {
    return signals.stream()
        .filter(s -> s.source().decides() && s.liveAt(now))
        .min(Comparator.comparing(ResidencySignal::source))
        .map(s -> new Decision(s.residency(), s.source()))
        .orElse(DEFAULT);
  }
}
