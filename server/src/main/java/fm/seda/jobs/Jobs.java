package fm.seda.jobs;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Enqueue work, pause and resume kinds of work, and see how much is waiting. */
@Service
public class Jobs {

  private final RegionRouter regions;
  private final JsonMapper json;

  Jobs(RegionRouter regions, JsonMapper json) {
    this.regions = regions;
    this.json = json;
  }

  /** Queues a job in {@code region}'s database (the region whose data it touches). */
  public UUID enqueue(Region region, String kind, Map<String, ?> payload) {
    return regions
        .database(region)
        .jdbc()
        .sql("INSERT INTO jobs (kind, payload) VALUES (?, ?::jsonb) RETURNING id")
        .params(kind, json.writeValueAsString(payload))
        .query(UUID.class)
        .single();
  }

  /**
   * Queues a job unless one of the same kind and payload is already waiting in {@code region}: a
   * burst of triggers (ten new signals for one user) becomes one run.
   *
   * @return whether a job was queued (false: one was already waiting)
   */
  public boolean enqueueUnlessWaiting(Region region, String kind, Map<String, ?> payload) {
    String body = json.writeValueAsString(payload);
    return regions
            .database(region)
            .jdbc()
            .sql(
                "INSERT INTO jobs (kind, payload) SELECT ?, ?::jsonb WHERE NOT EXISTS"
                    + " (SELECT 1 FROM jobs WHERE kind = ? AND status = 'queued'"
                    // a stopped run queued again with its progress is still that run
                    + " AND payload - '"
                    + Job.PROGRESS
                    + "' = ?::jsonb)")
            .params(kind, body, kind, body)
            .update()
        == 1;
  }

  public void pause(String kind, String actor) {
    setPaused(kind, true, actor);
  }

  public void resume(String kind, String actor) {
    setPaused(kind, false, actor);
  }

  private void setPaused(String kind, boolean paused, String actor) {
    regions
        .operations()
        .jdbc()
        .sql(
            "INSERT INTO job_kinds (kind, paused, changed_by) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE"
                + " SET paused = EXCLUDED.paused, changed_at = now(), changed_by = EXCLUDED.changed_by")
        .params(kind, paused, actor)
        .update();
  }

  public Set<String> pausedKinds() {
    return Set.copyOf(
        regions
            .operations()
            .jdbc()
            .sql("SELECT kind FROM job_kinds WHERE paused")
            .query(String.class)
            .list());
  }

  /** Queued, running and failed jobs per region and kind. */
  public List<QueueDepth> depths() {
    Set<String> paused = pausedKinds();
    var depths = new ArrayList<QueueDepth>();
    for (RegionalDatabase db : regions.all()) {
      db.jdbc()
          .sql(
              "SELECT kind, count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),"
                  + " count(*) FILTER (WHERE status = 'failed') FROM jobs WHERE status <> 'done' GROUP BY kind ORDER BY kind")
          .query(
              (rs, n) ->
                  depths.add(
                      new QueueDepth(
                          db.region().code(),
                          rs.getString(1),
                          rs.getLong(2),
                          rs.getLong(3),
                          rs.getLong(4),
                          paused.contains(rs.getString(1)))))
          .list();
    }
    // a paused kind shows even with nothing waiting, so operators can see the switch is on
    for (RegionalDatabase db : regions.all()) {
      for (String kind : paused) {
        if (depths.stream()
            .noneMatch(d -> d.region().equals(db.region().code()) && d.kind().equals(kind))) {
          depths.add(new QueueDepth(db.region().code(), kind, 0, 0, 0, true));
        }
      }
    }
    return depths;
  }

  /**
   * Saves a running job's resume point under its payload's {@value Job#PROGRESS} key, so that the
   * same job claimed again after a stop or a crash starts from it instead of from the beginning
   * (the nightly batch of a large region runs for minutes). A job's next occurrence is a new job
   * without it, and {@link #enqueueUnlessWaiting} compares payloads without it.
   */
  public void saveProgress(Job job, Map<String, ?> progress) {
    regions
        .database(job.region())
        .jdbc()
        .sql(
            "UPDATE jobs SET payload = jsonb_set(payload, '{"
                + Job.PROGRESS
                + "}', ?::jsonb) WHERE id = ? AND status = 'running'")
        .params(json.writeValueAsString(progress), job.id())
        .update();
  }

  /** A job's state, for callers that wait on one (tests, the CLI). */
  public String status(Region region, UUID id) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT status FROM jobs WHERE id = ?")
        .param(id)
        .query(String.class)
        .optional()
        .orElse("unknown");
  }
}
