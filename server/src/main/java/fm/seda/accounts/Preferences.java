package fm.seda.accounts;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the user told us they like and how they want the app. {@code genres} is set by {@code PUT
 * /me/genres} (at least three, from the taxonomy); the rest by {@code PATCH /me/preferences}.
 *
 * @param preferredProvider the provider to link or open items in: spotify, apple or none
 */
public record Preferences(
    List<String> genres,
    List<String> locales,
    @Nullable String preferredProvider,
    boolean explicitContent) {

  public static Preferences empty() {
    return new Preferences(List.of(), List.of(), null, true);
  }
}
