package fm.seda.recommendations;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long a dismissed item stays away (architecture §8 "Dismissal & undo"): the quick dismiss
 * hides it for 24 hours, "not interested" avoids it for 30 days, "never" lasts until the user
 * reverses it ({@code DELETE /me/blocks/…}).
 */
public enum DismissMode {
  HIDE_24H("hide_24h", Duration.ofHours(24)),
  NOT_INTERESTED("not_interested", Duration.ofDays(30)),
  NEVER("never", null);

  private final String code;
  private final @Nullable Duration lasts;

  DismissMode(String code, @Nullable Duration lasts) {
    this.code = code;
    this.lasts = lasts;
  }

  @JsonValue
  public String code() {
    return code;
  }

  /** How long it lasts; empty for {@link #NEVER}. */
  public Optional<Duration> lasts() {
    return Optional.ofNullable(lasts);
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static DismissMode fromCode(String code) {
    return Arrays.stream(values())
        .filter(m -> m.code.equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown dismiss mode '"
                        + code
                        + "'; expected one of hide_24h, not_interested, never"));
  }
}
