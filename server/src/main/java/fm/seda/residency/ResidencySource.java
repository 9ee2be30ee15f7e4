package fm.seda.residency;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where a residency came from, highest precedence first (engineering spec, "Residency & routing:
 * canonical rules"): an unexpired admin override, then verified billing or contract, the user's own
 * confirmed declaration, verified KYC, account locale/phone/subscription metadata. {@link
 * #IP_SUGGESTED} is advisory only: it pre-fills the user's choice and never decides. {@link
 * #DEFAULT} is an account no signal has spoken for (non-EU).
 */
public enum ResidencySource {
  ADMIN_OVERRIDE("admin_override"),
  BILLING("billing"),
  USER_DECLARED("user_declared"),
  KYC("kyc"),
  SUBSCRIPTION("subscription"),
  IP_SUGGESTED("ip_suggested"),
  DEFAULT("default");

  private final String code;

  ResidencySource(String code) {
    this.code = code;
  }

  /** The value stored in {@code users.data_residency_source} and {@code residency_signals}. */
  @JsonValue
  public String code() {
    return code;
  }

  /** Whether a signal of this source may decide residency (everything but IP and the default). */
  public boolean decides() {
    return this != IP_SUGGESTED && this != DEFAULT;
  }

  /** True when this source outranks {@code other}. */
  public boolean outranks(ResidencySource other) {
    return ordinal() < other.ordinal();
  }

  public static ResidencySource fromCode(String code) {
    return Arrays.stream(values())
        .filter(s -> s.code.equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown residency source '"
                        + code
                        + "' (expected one of "
                        + Arrays.stream(values()).map(ResidencySource::code).toList()
                        + ")"));
  }
}
