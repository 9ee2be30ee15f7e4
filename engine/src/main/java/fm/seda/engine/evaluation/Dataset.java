package fm.seda.engine.evaluation;

import java.util.List;

/**
 * An interaction log to evaluate on, with users and items numbered from 0.
 *
 * @param name what it is (a path, a profile), for reports
 * @param userIds each user's id in the source, by index
 * @param items each item's id, name and tags, by index
 * @param interactions who interacted with what, how strongly, and when (if the source says)
 * @param friends friendships as pairs of user indices, each pair once or in both directions
 */
public record Dataset(
    String name,
    List<String> userIds,
    List<Item> items,
    List<Interaction> interactions,
    List<int[]> friends) {

  /** An item: its id in the source, its display name and descriptive tags (genres, user tags). */
  public record Item(String id, String name, List<String> tags) {}

  /**
   * One user's interaction with one item.
   *
   * @param weight how strongly (a play count, a listen count), > 0
   * @param time epoch seconds, or {@link #NO_TIME} when the source has none
   */
  public record Interaction(int user, int item, double weight, long time) {

    public static final long NO_TIME = Long.MIN_VALUE;

    public Interaction {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("an interaction's weight must be > 0, got " + weight);
      }
    }

    public boolean timed() {
      return time != NO_TIME;
    }
  }

  public Dataset {
    userIds = List.copyOf(userIds);
    items = List.copyOf(items);
    interactions = List.copyOf(interactions);
    friends = List.copyOf(friends);
    for (Interaction i : interactions) {
      if (i.user() < 0 || i.user() >= userIds.size() || i.item() < 0 || i.item() >= items.size()) {
        throw new IllegalArgumentException("interaction out of range: " + i);
      }
    }
  }

  public int users() {
    return userIds.size();
  }

  public int itemCount() {
    return items.size();
  }

  /** Whether every interaction has a time, so a temporal split is possible. */
  public boolean timed() {
    return !interactions.isEmpty() && interactions.stream().allMatch(Interaction::timed);
  }
}
