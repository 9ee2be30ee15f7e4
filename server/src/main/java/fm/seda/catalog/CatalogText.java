package fm.seda.catalog;

import java.util.UUID;

/** The text that describes a catalog item to an embedding model: its name and genres. */
public record CatalogText(UUID id, String text) {}
