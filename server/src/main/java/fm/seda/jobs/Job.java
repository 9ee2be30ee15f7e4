package fm.seda.jobs;

import fm.seda.regions.Region;
import java.util.Map;
import java.util.UUID;

/** A claimed job: where its data lives, what kind it is, its payload and how often it was tried. */
public record Job(UUID id, Region region, String kind, Map<String, Object> payload, int attempts) {

  /** The payload key under which a job keeps its resume point ({@link Jobs#saveProgress}). */
  public static final String PROGRESS = "progress";

  /** The resume point a stopped run of this job saved, or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> progress() {
    return payload.get(PROGRESS) instanceof Map<?, ?> saved
        ? (Map<String, Object>) saved
        : Map.of();
  }
}
