package fm.seda.catalog;

import java.util.List;
import java.util.UUID;

/**
 * The text that describes a catalog item to an embedding model (its name and genres), and the
 * genres themselves, which vector searches filter on.
 */
public record CatalogText(UUID id, String text, List<String> genres) {}
