package fm.seda.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The genre taxonomy shipped as data ({@code catalog/genres.tsv}: family, genre, slug). Genres are
 * looked up by name or slug, case-insensitively; catalog items and preferences store the name.
 */
public final class GenreTaxonomy {

  private static final String RESOURCE = "/catalog/genres.tsv";

  private final List<GenreFamily> families;
  private final List<Genre> genres;
  private final Map<String, Genre> byKey;

  private GenreTaxonomy(List<Genre> genres) {
    this.genres = List.copyOf(genres);
    var grouped = new LinkedHashMap<String, List<Genre>>();
    var keys = new LinkedHashMap<String, Genre>();
    for (Genre genre : genres) {
      grouped.computeIfAbsent(genre.family(), f -> new ArrayList<>()).add(genre);
      keys.put(key(genre.name()), genre);
      keys.put(key(genre.slug()), genre);
    }
    this.families =
        grouped.entrySet().stream()
            .map(e -> new GenreFamily(e.getKey(), List.copyOf(e.getValue())))
            .toList();
    this.byKey = Map.copyOf(keys);
  }

  /** Loads the taxonomy bundled with seda. */
  public static GenreTaxonomy bundled() {
    try (InputStream in = GenreTaxonomy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "genre taxonomy " + RESOURCE + " is missing from the classpath");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GenreTaxonomy parse(InputStream in) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (!"family\tgenre\tslug".equals(header)) {
      throw new IllegalStateException("genre taxonomy header must be 'family<TAB>genre<TAB>slug'");
    }
    var genres = new ArrayList<Genre>();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split("\t");
      if (cells.length != 3) {
        throw new IllegalStateException("genre taxonomy row must have 3 cells: '" + line + "'");
      }
      genres.add(new Genre(cells[1], cells[2], cells[0]));
    }
    return new GenreTaxonomy(genres);
  }

  private static String key(String nameOrSlug) {
    return nameOrSlug.trim().toLowerCase(Locale.ROOT);
  }

  public List<GenreFamily> families() {
    return families;
  }

  public List<Genre> genres() {
    return genres;
  }

  /** The genre with this name or slug (any case), if the taxonomy has it. */
  public Optional<Genre> find(String nameOrSlug) {
    return Optional.ofNullable(byKey.get(key(nameOrSlug)));
  }

  /**
   * The canonical names of genres given by name or slug, in order, without repeats.
   *
   * @throws IllegalArgumentException naming every value the taxonomy does not have
   */
  public java.util.Set<String> names(List<String> namesOrSlugs) {
    var names = new java.util.LinkedHashSet<String>();
    var unknown = new java.util.ArrayList<String>();
    for (String value : namesOrSlugs) {
      find(value).ifPresentOrElse(g -> names.add(g.name()), () -> unknown.add(value));
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "genres not in the taxonomy: " + unknown + "; GET /genres lists them");
    }
    return names;
  }
}
