package fm.seda.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.DataResidency;
import fm.seda.residency.ResidencySignal;
import fm.seda.residency.ResidencySource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrecedenceTests {

  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  static ResidencySignal signal(ResidencySource source, DataResidency residency) {
    return new ResidencySignal(source, residency, "test", null, null, NOW.minusSeconds(60), null);
  }

  static ResidencySignal override(DataResidency residency, Instant expires) {
    return new ResidencySignal(
        ResidencySource.ADMIN_OVERRIDE,
        residency,
        "admin",
        null,
        UUID.randomUUID(),
        NOW.minusSeconds(60),
        expires);
  }

  @Test
  void withoutSignalsAnAccountIsNonEuByDefault() {
    assertThat(Precedence.decide(List.of(), NOW)).isEqualTo(Precedence.DEFAULT);
  }

  @Test
  void theHighestRankingSignalDecidesWhateverTheOrderTheyCameIn() {
    var signals =
        List.of(
            signal(ResidencySource.SUBSCRIPTION, DataResidency.NON_EU),
            signal(ResidencySource.KYC, DataResidency.EU),
            signal(ResidencySource.USER_DECLARED, DataResidency.NON_EU),
            signal(ResidencySource.BILLING, DataResidency.EU));

    for (int drop = 0; drop < signals.size(); drop++) {
      // billing > user declared > kyc > subscription: drop the top one, the next decides
      var kept = signals.subList(0, signals.size() - drop);
      ResidencySignal top = kept.getLast();
      assertThat(Precedence.decide(kept, NOW))
          .isEqualTo(new Precedence.Decision(top.residency(), top.source()));
    }
  }

  @Test
  void anAdminOverrideOutranksBillingUntilItExpires() {
    var billing = signal(ResidencySource.BILLING, DataResidency.NON_EU);
    var live = override(DataResidency.EU, NOW.plus(Duration.ofHours(1)));
    var expired = override(DataResidency.EU, NOW);

    assertThat(Precedence.decide(List.of(billing, live), NOW).source())
        .isEqualTo(ResidencySource.ADMIN_OVERRIDE);
    assertThat(Precedence.decide(List.of(billing, expired), NOW))
        .isEqualTo(new Precedence.Decision(DataResidency.NON_EU, ResidencySource.BILLING));
  }

  @Test
  void anIpSuggestionNeverDecides() {
    assertThat(
            Precedence.decide(List.of(signal(ResidencySource.IP_SUGGESTED, DataResidency.EU)), NOW))
        .isEqualTo(Precedence.DEFAULT);
  }
}
