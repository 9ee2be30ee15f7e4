package fm.seda.regions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The canonical routing key {@code users.data_residency}. New accounts are {@link #NON_EU} until
 * residency is declared (engineering spec, "Residency & routing: canonical rules").
 */
public enum DataResidency {
  EU("eu"),
  NON_EU("non-eu");

  private final String code;

  DataResidency(String code) {
    this.code = code;
  }

  /** The value stored in {@code users.data_residency} and shown by the API. */
  @JsonValue
  public String code() {
    return code;
  }

  /** The regional database that stores this residency's personal data. */
  public Region region() {
    return this == EU ? Region.EU : Region.US;
  }

  @JsonCreator
  public static DataResidency fromCode(String code) {
    return Arrays.stream(values())
        .filter(r -> r.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown data_residency '" + code + "'"));
  }
}
