package fm.seda.jobs;

import fm.seda.regions.Region;
import java.util.Map;
import java.util.UUID;

/** A claimed job: where its data lives, what kind it is, its payload and how often it was tried. */
public record Job(UUID id, Region region, String kind, Map<String, Object> payload, int attempts) {}
