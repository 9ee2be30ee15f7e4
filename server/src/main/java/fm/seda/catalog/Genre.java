package fm.seda.catalog;

/** A genre of the taxonomy: its display name (as stored on catalog items), slug and family. */
public record Genre(String name, String slug, String family) {}
