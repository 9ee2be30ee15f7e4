package fm.seda.catalog;

import fm.seda.catalog.CatalogItems.ArtistInput;
import fm.seda.catalog.CatalogItems.ArtistView;
import fm.seda.catalog.CatalogItems.Page;
import fm.seda.catalog.CatalogItems.PlaylistInput;
import fm.seda.catalog.CatalogItems.PlaylistView;
import fm.seda.catalog.CatalogItems.Query;
import fm.seda.catalog.CatalogItems.RoomInput;
import fm.seda.catalog.CatalogItems.RoomView;
import fm.seda.catalog.CatalogItems.UpsertResult;
import fm.seda.catalog.internal.CatalogStore;
import fm.seda.regions.Region;
import fm.seda.web.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The catalog facade. Writes go to both regional databases (catalog rows are replicated, not
 * personal); reads go to this node's region. Genres are checked against the taxonomy and stored by
 * their canonical name.
 */
@Service
public class Catalog {

  private final CatalogStore store;
  private final GenreTaxonomy taxonomy;
  private final ApplicationEventPublisher events;

  Catalog(CatalogStore store, GenreTaxonomy taxonomy, ApplicationEventPublisher events) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.events = events;
  }

  private void announce(CatalogKind kind, List<String> externalIds) {
    events.publishEvent(new CatalogChanged(kind, externalIds.stream().map(kind::idFor).toList()));
  }

  /**
   * What describes each of {@code ids} to an embedding model, read from {@code region}'s replica.
   */
  public List<CatalogText> texts(Region region, CatalogKind kind, List<java.util.UUID> ids) {
    return store.texts(region, kind, ids);
  }

  public UpsertResult upsertArtists(List<ArtistInput> items) {
    requireUniqueExternalIds(items.stream().map(ArtistInput::externalId).toList());
    var canonical = new ArrayList<ArtistInput>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ArtistInput a = items.get(i);
      canonical.add(
          new ArtistInput(
              a.externalId(),
              a.name(),
              canonicalGenres(i, a.genres()),
              a.popularity(),
              a.imageUrl(),
              a.externalIds()));
    }
    UpsertResult result = store.upsertArtists(canonical);
    announce(CatalogKind.ARTISTS, canonical.stream().map(i -> i.externalId()).toList());
    return result;
  }

  public UpsertResult upsertPlaylists(List<PlaylistInput> items) {
    requireUniqueExternalIds(items.stream().map(PlaylistInput::externalId).toList());
    var canonical = new ArrayList<PlaylistInput>(items.size());
    var referencedArtists = new LinkedHashSet<String>();
    for (int i = 0; i < items.size(); i++) {
      PlaylistInput p = items.get(i);
      if (p.artistExternalIds() != null) {
        referencedArtists.addAll(p.artistExternalIds());
      }
      canonical.add(
          new PlaylistInput(
              p.externalId(),
              p.name(),
              p.description(),
              p.provider(),
              canonicalGenres(i, p.genres()),
              p.artistExternalIds(),
              p.trackCount(),
              p.popularity(),
              p.externalIds()));
    }
    Set<String> missing = store.missingArtists(referencedArtists);
    if (!missing.isEmpty()) {
      throw new ApiProblem(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          "unknown-artist",
          "Invalid request",
          "playlists reference artists that are not in the catalog: " + sample(missing),
          Map.of("unknown_artist_external_ids", List.copyOf(missing)));
    }
    UpsertResult result = store.upsertPlaylists(canonical);
    announce(CatalogKind.PLAYLISTS, canonical.stream().map(i -> i.externalId()).toList());
    return result;
  }

  public UpsertResult upsertRooms(List<RoomInput> items) {
    requireUniqueExternalIds(items.stream().map(RoomInput::externalId).toList());
    var canonical = new ArrayList<RoomInput>(items.size());
    for (int i = 0; i < items.size(); i++) {
      RoomInput r = items.get(i);
      String primary = canonicalGenres(i, List.of(r.genre())).getFirst();
      var all = new LinkedHashSet<String>();
      all.add(primary);
      if (r.genres() != null) {
        all.addAll(canonicalGenres(i, r.genres()));
      }
      canonical.add(
          new RoomInput(
              r.externalId(),
              r.name(),
              r.description(),
              primary,
              List.copyOf(all),
              r.coverArtUrl(),
              r.currentParticipants(),
              r.isLive(),
              r.popularity()));
    }
    UpsertResult result = store.upsertRooms(canonical);
    announce(CatalogKind.ROOMS, canonical.stream().map(i -> i.externalId()).toList());
    return result;
  }

  public Page<ArtistView> artists(Query query) {
    return store.artists(canonicalQuery(query));
  }

  public Page<PlaylistView> playlists(Query query) {
    return store.playlists(canonicalQuery(query));
  }

  public Page<RoomView> rooms(Query query) {
    return store.rooms(canonicalQuery(query));
  }

  /** Live (not deleted) items of a kind in this node's region. */
  public long count(CatalogKind kind) {
    return store.count(kind);
  }

  private Query canonicalQuery(Query query) {
    String genre = query.genre();
    if (genre != null && !genre.isBlank()) {
      genre =
          taxonomy
              .find(genre)
              .orElseThrow(
                  () ->
                      ApiProblem.badRequest(
                          "unknown-genre",
                          "genre '"
                              + query.genre()
                              + "' is not in the taxonomy; GET /genres lists them"))
              .name();
    } else {
      genre = null;
    }
    String q = query.q() == null || query.q().isBlank() ? null : query.q().trim();
    return new Query(genre, q, query.limit(), query.cursor());
  }

  private List<String> canonicalGenres(int index, List<String> genres) {
    var names = new LinkedHashSet<String>();
    var unknown = new ArrayList<String>();
    for (String g : genres) {
      taxonomy.find(g).ifPresentOrElse(genre -> names.add(genre.name()), () -> unknown.add(g));
    }
    if (!unknown.isEmpty()) {
      throw new ApiProblem(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          "unknown-genre",
          "Invalid request",
          "items["
              + index
              + "] has genres that are not in the taxonomy: "
              + unknown
              + "; GET /genres lists them",
          Map.of("unknown_genres", unknown, "item_index", index));
    }
    return List.copyOf(names);
  }

  private static void requireUniqueExternalIds(List<String> externalIds) {
    var seen = new LinkedHashSet<String>();
    var duplicates = new LinkedHashSet<String>();
    for (String id : externalIds) {
      if (!seen.add(id)) {
        duplicates.add(id);
      }
    }
    if (!duplicates.isEmpty()) {
      throw ApiProblem.badRequest(
          "duplicate-external-id",
          "external_id appears more than once in the batch: " + sample(duplicates));
    }
  }

  private static String sample(Set<String> values) {
    List<String> list = List.copyOf(values);
    @Nullable String more = list.size() > 10 ? " and " + (list.size() - 10) + " more" : "";
    return list.subList(0, Math.min(10, list.size())) + more;
  }
}
