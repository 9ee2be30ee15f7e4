package fm.seda.engine.evaluation;

import fm.seda.engine.synth.DemoWorld;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo world's listening as a dataset: users' listens of artists (the count as weight, the last
 * listen as time, counted back from a fixed day so the same world gives the same file), artists
 * with their genres as tags, and the friend graph.
 */
public final class DemoWorldDataset {

  /** 2026-12-01T00:00:00Z: "now" for the demo world's listen ages. */
  static final long REFERENCE_EPOCH_SECONDS = 1_796_083_200L;

  private DemoWorldDataset() {}

  public static Dataset of(DemoWorld world) {
    var items = new ArrayList<Dataset.Item>();
    for (DemoWorld.Artist a : world.artists()) {
      items.add(new Dataset.Item(a.externalId(), a.name(), a.genres()));
    }
    var userIds = new ArrayList<String>();
    var interactions = new ArrayList<Dataset.Interaction>();
    for (DemoWorld.User u : world.users()) {
      userIds.add(u.handle());
      for (int k = 0; k < u.listenedArtists().length; k++) {
        long time = REFERENCE_EPOCH_SECONDS - u.listenAgeDays()[k] * 86_400L;
        interactions.add(
            new Dataset.Interaction(
                u.index(), u.listenedArtists()[k], Math.max(1, u.listenCounts()[k]), time));
      }
    }
    var friends = new ArrayList<int[]>();
    for (int e = 0; e < world.friendEdgeCount(); e++) {
      friends.add(new int[] {world.friendA(e), world.friendB(e)});
    }
    return new Dataset(
        "demo " + world.profile().id(), userIds, items, List.copyOf(interactions), friends);
  }
}
