package fm.seda.catalog;

import java.util.List;

/** A family of related genres ("electronic", "jazz", ...), in taxonomy order. */
public record GenreFamily(String name, List<Genre> genres) {}
