package fm.seda.recommendations.internal;

import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drops this node's cached feed of a user when another node announces that it changed (a dismissal,
 * an undo, new signals): PostgreSQL {@code LISTEN} on {@value #CHANNEL} in each regional database,
 * one connection each. Without it a dismissal made through one node would show in another node's
 * cached feed until that entry expired ({@code seda.ranking.cache-ttl}, 5 minutes). A lost
 * connection is reopened; feeds cached meanwhile still expire by their TTL.
 */
@Component
class FeedEvictionListener implements SmartLifecycle {

  static final String CHANNEL = "seda_feed_evict";

  private static final Logger log = LoggerFactory.getLogger(FeedEvictionListener.class);
  private static final int WAIT_MILLIS = 1_000;

  private final RegionRouter regions;
  private final FeedService feeds;
  private final List<Thread> listeners = new ArrayList<>();
  private volatile boolean running;

  FeedEvictionListener(RegionRouter regions, FeedService feeds) {
    this.regions = regions;
    this.feeds = feeds;
  }

  @Override
  public void start() {
    running = true;
    for (RegionalDatabase db : regions.all()) {
      listeners.add(
          Thread.ofPlatform()
              .daemon()
              .name("feed-evictions-" + db.region().code())
              .start(() -> listen(db)));
    }
  }

  private void listen(RegionalDatabase db) {
    while (running) {
      try (Connection connection = db.dataSource().getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] arrived = pg.getNotifications(WAIT_MILLIS);
          if (arrived == null) {
            continue;
          }
          for (PGNotification notification : arrived) {
            forget(notification.getParameter());
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn(
            "Listening for feed changes in {} failed ({}); reconnecting in 5 s",
            db.region().code(),
            e.getMessage());
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void forget(String userId) {
    try {
      feeds.forget(UUID.fromString(userId));
    } catch (IllegalArgumentException e) {
      log.warn("Ignored a feed change announcement that is not a user id: '{}'", userId);
    }
  }

  @Override
  public void stop() {
    running = false;
    listeners.forEach(Thread::interrupt);
    listeners.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
