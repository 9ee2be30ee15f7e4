package fm.seda.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The catalog's value types: what operators upsert (…Input, idempotent by {@code external_id}) and
 * what readers get back (…View). Popularity is 0–100; omitted, it is 0.
 */
public final class CatalogItems {

  private CatalogItems() {}

  public static final int MAX_BATCH = 1000;

  public record ArtistInput(
      @NotBlank @Size(max = 200) String externalId,
      @NotBlank @Size(max = 300) String name,
      @NotEmpty @Size(max = 10) List<@NotBlank String> genres,
      @Nullable @DecimalMin("0") @DecimalMax("100") Double popularity,
      @Nullable @Size(max = 1000) String imageUrl,
      @Nullable Map<String, String> externalIds) {}

  public record PlaylistInput(
      @NotBlank @Size(max = 200) String externalId,
      @NotBlank @Size(max = 300) String name,
      @Nullable @Size(max = 2000) String description,
      @Nullable @Size(max = 40) String provider,
      @NotEmpty @Size(max = 10) List<@NotBlank String> genres,
      @Nullable @Size(max = 500) List<@NotBlank String> artistExternalIds,
      @Nullable @Min(0) Integer trackCount,
      @Nullable @DecimalMin("0") @DecimalMax("100") Double popularity,
      @Nullable Map<String, String> externalIds) {}

  public record RoomInput(
      @NotBlank @Size(max = 200) String externalId,
      @NotBlank @Size(max = 300) String name,
      @Nullable @Size(max = 2000) String description,
      @NotBlank String genre,
      @Nullable @Size(max = 10) List<@NotBlank String> genres,
      @Nullable @Size(max = 1000) String coverArtUrl,
      @Nullable @Min(0) Integer currentParticipants,
      @Nullable Boolean isLive,
      @Nullable @DecimalMin("0") @DecimalMax("100") Double popularity) {}

  public record ArtistBatch(
      @NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull @Valid ArtistInput> items) {}

  public record PlaylistBatch(
      @NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull @Valid PlaylistInput> items) {}

  public record RoomBatch(
      @NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull @Valid RoomInput> items) {}

  public record ArtistView(
      UUID id,
      String externalId,
      String name,
      List<String> genres,
      double popularity,
      @Nullable String imageUrl) {}

  public record PlaylistView(
      UUID id,
      String externalId,
      String name,
      @Nullable String description,
      String provider,
      List<String> genres,
      List<UUID> artistIds,
      int trackCount,
      double popularity) {}

  public record RoomView(
      UUID id,
      String externalId,
      String name,
      @Nullable String description,
      String genre,
      List<String> genres,
      @Nullable String coverArtUrl,
      int currentParticipants,
      boolean isLive,
      double popularity) {}

  /** The outcome of a bulk upsert, identical in both regions. */
  public record UpsertResult(int received, int created, int updated) {}

  /** One page of a listing, most popular first; {@code nextCursor} is null on the last page. */
  public record Page<T>(List<T> items, @Nullable String nextCursor) {}

  /** A listing request; {@code genre} and {@code q} narrow it, {@code cursor} continues it. */
  public record Query(
      @Nullable String genre, @Nullable String q, int limit, @Nullable String cursor) {}
}
