package fm.seda.catalog;

import java.util.List;
import java.util.UUID;

/** Catalog items were created or changed (in both regions): their vectors need computing again. */
public record CatalogChanged(CatalogKind kind, List<UUID> ids) {}
