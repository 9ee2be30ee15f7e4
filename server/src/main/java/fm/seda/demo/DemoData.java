package fm.seda.demo;

import fm.seda.candidates.Candidates;
import fm.seda.catalog.Catalog;
import fm.seda.catalog.CatalogItems.ArtistInput;
import fm.seda.catalog.CatalogItems.PlaylistInput;
import fm.seda.catalog.CatalogItems.RoomInput;
import fm.seda.catalog.CatalogKind;
import fm.seda.catalog.GenreTaxonomy;
import fm.seda.demo.internal.PopulationWriter;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.GenreRef;
import fm.seda.engine.synth.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Seeds a demo world. The catalog goes through the {@link Catalog} facade like any operator's bulk
 * upsert (so it lands in both regions); the population (users, profiles, activity, friendships) is
 * bulk-loaded with COPY into each user's own region. Seeding is idempotent: running a profile again
 * upserts the catalog and leaves already-seeded users as they are.
 */
@Service
public class DemoData {

  /** The generator seed: fixed, so every machine gets the same demo world. */
  public static final long SEED = 20251106L;

  private static final int BATCH = 1000;

  private final Catalog catalog;
  private final GenreTaxonomy taxonomy;
  private final PopulationWriter population;
  private final Candidates candidates;

  DemoData(
      Catalog catalog, GenreTaxonomy taxonomy, PopulationWriter population, Candidates candidates) {
    this.catalog = catalog;
    this.taxonomy = taxonomy;
    this.population = population;
    this.candidates = candidates;
  }

  /** What a seed run did, for the console and the sandbox endpoint. */
  public record SeedReport(
      String profile,
      int artists,
      int playlists,
      int rooms,
      int users,
      int euUsers,
      int friendEdges,
      Duration took) {}

  public SeedReport seed(DemoProfile profile, ProgressListener progress) {
    long start = System.nanoTime();
    List<GenreRef> genres =
        taxonomy.genres().stream().map(g -> new GenreRef(g.family(), g.name())).toList();
    DemoWorld world = DemoWorld.generate(profile, genres, SEED, progress);

    inBatches(
        "write artists",
        world.artists(),
        progress,
        batch ->
            catalog.upsertArtists(
                batch.stream()
                    .map(
                        a ->
                            new ArtistInput(
                                a.externalId(), a.name(), a.genres(), a.popularity(), null, null))
                    .toList()));
    inBatches(
        "write playlists",
        world.playlists(),
        progress,
        batch ->
            catalog.upsertPlaylists(
                batch.stream()
                    .map(
                        p ->
                            new PlaylistInput(
                                p.externalId(),
                                p.name(),
                                null,
                                "seda",
                                p.genres(),
                                Arrays.stream(p.artists())
                                    .mapToObj(i -> world.artists().get(i).externalId())
                                    .toList(),
                                p.trackCount(),
                                p.popularity(),
                                null))
                    .toList()));
    inBatches(
        "write rooms",
        world.rooms(),
        progress,
        batch ->
            catalog.upsertRooms(
                batch.stream()
                    .map(
                        r ->
                            new RoomInput(
                                r.externalId(),
                                r.name(),
                                null,
                                r.genre(),
                                r.genres(),
                                null,
                                r.participants(),
                                r.live(),
                                r.popularity()))
                    .toList()));
    population.write(world, progress);
    // the background sources learn the new world now rather than at the next nightly run
    candidates.rebuildAfterImport();

    int eu = (int) world.users().stream().filter(DemoWorld.User::eu).count();
    return new SeedReport(
        profile.id(),
        world.artists().size(),
        world.playlists().size(),
        world.rooms().size(),
        world.users().size(),
        eu,
        world.friendEdgeCount(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Whether the catalog of this node's region is empty (a fresh database). */
  public boolean catalogIsEmpty() {
    return catalog.count(CatalogKind.ARTISTS) == 0;
  }

  private static <T> void inBatches(
      String phase, List<T> items, ProgressListener progress, Function<List<T>, ?> write) {
    for (int from = 0; from < items.size(); from += BATCH) {
      int to = Math.min(items.size(), from + BATCH);
      write.apply(new ArrayList<>(items.subList(from, to)));
      progress.progress(phase, to, items.size());
    }
  }
}
