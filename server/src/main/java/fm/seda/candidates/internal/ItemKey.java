package fm.seda.candidates.internal;

import java.util.UUID;

/** An item across entity types: rooms, playlists and artists share one id space per type. */
public record ItemKey(String entityType, UUID entityId) {}
