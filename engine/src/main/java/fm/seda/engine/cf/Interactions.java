package fm.seda.engine.cf;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sparse user × item matrix of implicit-feedback strengths (listen counts, follows,
 * joins, saves), kept in compressed-row form twice: by user and by item, since alternating least
 * squares walks the matrix in both directions.
 *
 * <p>Users and items are dense indices {@code 0 … users() - 1} and {@code 0 … items() - 1}; the
 * caller owns the mapping to its own ids. A user or item without interactions is allowed.
 */
public final class Interactions {

  private final int users;
  private final int items;
  private final SparseRows byUser;
  private final SparseRows byItem;

  private Interactions(int users, int items, SparseRows byUser) {
    this.users = users;
    this.items = items;
    this.byUser = byUser;
    this.byItem = byUser.transpose(items);
  }

  /** A builder for a matrix of {@code users} rows and {@code items} columns (both >= 0). */
  public static Builder builder(int users, int items) {
    return new Builder(users, items);
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  /** Distinct (user, item) pairs with a strength. */
  public long nonZeros() {
    return byUser.columns().length;
  }

  /** The items {@code user} interacted with, ascending (a copy). */
  public int[] itemsOf(int user) {
    Objects.checkIndex(user, users);
    return Arrays.copyOfRange(byUser.columns(), byUser.from(user), byUser.to(user));
  }

  /** The strengths of {@link #itemsOf(int)}, aligned with it (a copy). */
  public float[] strengthsOf(int user) {
    Objects.checkIndex(user, users);
    return Arrays.copyOfRange(byUser.values(), byUser.from(user), byUser.to(user));
  }

  /** The users who interacted with {@code item}, ascending (a copy). */
  public int[] usersOf(int item) {
    Objects.checkIndex(item, items);
    return Arrays.copyOfRange(byItem.columns(), byItem.from(item), byItem.to(item));
  }

  /** The strengths of {@link #usersOf(int)}, aligned with it (a copy). */
  public float[] strengthsOfItem(int item) {
    Objects.checkIndex(item, items);
    return Arrays.copyOfRange(byItem.values(), byItem.from(item), byItem.to(item));
  }

  SparseRows byUser() {
    return byUser;
  }

  SparseRows byItem() {
    return byItem;
  }

  /**
   * Collects (user, item, strength) triples in any order. Not thread-safe; {@link #build} may be
   * called more than once and leaves the builder usable.
   */
  public static final class Builder {

    private final int users;
    private final int items;
    private int size;
    private int[] rowOf = new int[16];
    private int[] columnOf = new int[16];
    private float[] strengthOf = new float[16];

    private Builder(int users, int items) {
      if (users < 0 || items < 0) {
        throw new IllegalArgumentException(
            "users and items must be >= 0, got users=" + users + ", items=" + items);
      }
      this.users = users;
      this.items = items;
    }

    /**
     * Adds {@code strength} to (user, item); repeated pairs add up.
     *
     * @throws IllegalArgumentException if user or item is out of range, or strength is not a finite
     *     number > 0
     */
    public Builder add(int user, int item, float strength) {
      if (user < 0 || user >= users) {
        throw new IllegalArgumentException(
            "user " + user + " is out of range: the matrix has " + users + " users");
      }
      if (item < 0 || item >= items) {
        throw new IllegalArgumentException(
            "item " + item + " is out of range: the matrix has " + items + " items");
      }
      if (!(strength > 0) || !Float.isFinite(strength)) {
        throw new IllegalArgumentException(
            "strength of (user "
                + user
                + ", item "
                + item
                + ") must be finite and > 0, got "
                + strength);
      }
      if (size == rowOf.length) {
        if (size == Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("too many interactions for one matrix: " + size);
        }
        int grown = (int) Math.min(Integer.MAX_VALUE - 8L, size * 2L);
        rowOf = Arrays.copyOf(rowOf, grown);
        columnOf = Arrays.copyOf(columnOf, grown);
        strengthOf = Arrays.copyOf(strengthOf, grown);
      }
      rowOf[size] = user;
      columnOf[size] = item;
      strengthOf[size] = strength;
      size++;
      return this;
    }

    /** The matrix of everything added so far. */
    public Interactions build() {
      // Two stable counting sorts (by item, then by user) give rows in user order with their items
      // ascending, in O(nnz + users + items) and without boxing; duplicates then sit side by side.
      int[] byItemOrder = countingSortOrder(columnOf, items, identity(size));
      int[] order = countingSortOrder(rowOf, users, byItemOrder);
      int[] start = new int[users + 1];
      int[] columns = new int[size];
      float[] values = new float[size];
      int n = 0;
      int previousRow = -1;
      int previousColumn = -1;
      for (int k : order) {
        int row = rowOf[k];
        int column = columnOf[k];
        if (row == previousRow && column == previousColumn) {
          values[n - 1] += strengthOf[k];
          continue;
        }
        columns[n] = column;
        values[n] = strengthOf[k];
        start[row + 1]++;
        n++;
        previousRow = row;
        previousColumn = column;
      }
      for (int r = 0; r < users; r++) {
        start[r + 1] += start[r];
      }
      var rows = new SparseRows(users, start, Arrays.copyOf(columns, n), Arrays.copyOf(values, n));
      return new Interactions(users, items, rows);
    }

    private static int[] identity(int n) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      return order;
    }

    /** {@code order} stably re-sorted by {@code key[order[i]]} in {@code 0 … range - 1}. */
    private static int[] countingSortOrder(int[] key, int range, int[] order) {
      int[] next = new int[range + 1];
      for (int k : order) {
        next[key[k] + 1]++;
      }
      for (int r = 0; r < range; r++) {
        next[r + 1] += next[r];
      }
      int[] sorted = new int[order.length];
      for (int k : order) {
        sorted[next[key[k]]++] = k;
      }
      return sorted;
    }
  }
}
