package fm.seda.catalog;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The three kinds of catalog item, each in its own table with its own API path segment. */
public enum CatalogKind {
  ARTISTS("artists", "artist"),
  PLAYLISTS("playlists", "playlist"),
  ROOMS("rooms", "room");

  private final String path;
  private final String entityType;

  CatalogKind(String path, String entityType) {
    this.path = path;
    this.entityType = entityType;
  }

  /** The table name and URL segment. */
  public String path() {
    return path;
  }

  /** The singular entity type used by recommendations and vectors. */
  public String entityType() {
    return entityType;
  }

  /**
   * The id of an item from its external id. Derived, not random, so that an item has the same id in
   * both regional databases and re-imports keep it.
   */
  public UUID idFor(String externalId) {
    return UUID.nameUUIDFromBytes((entityType + ":" + externalId).getBytes(StandardCharsets.UTF_8));
  }
}
