package fm.seda.regions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One region's database: its JDBC client, a template for batches, its transactions, and (for bulk
 * work such as COPY) the raw data source.
 */
public record RegionalDatabase(
    Region region,
    DataSource dataSource,
    JdbcClient jdbc,
    JdbcTemplate template,
    TransactionTemplate transactions) {

  private static final Logger log = LoggerFactory.getLogger(RegionalDatabase.class);

  public RegionalDatabase(Region region, DataSource dataSource, TransactionTemplate transactions) {
    this(
        region,
        dataSource,
        JdbcClient.create(dataSource),
        new JdbcTemplate(dataSource),
        transactions);
  }

  /**
   * The service-layer half of the residency guard: refuses a write of {@code what} (e.g.
   * "user_taste vectors") unless every owner is a user of this database, of the residency it
   * serves. The database checks again when the rows are written (the {@code residency_guard}
   * triggers, V10), so a caller that skips this is still refused; this check fails first, with a
   * clearer message.
   *
   * @throws ResidencyViolation naming the owners that belong elsewhere
   */
  public void requireLocalOwners(Collection<UUID> owners, String what) {
    if (owners.isEmpty()) {
      return;
    }
    Map<UUID, String> residencies = new HashMap<>();
    jdbc.sql("SELECT id, data_residency FROM users WHERE id = ANY(?)")
        .param(owners.stream().distinct().toArray(UUID[]::new))
        .query(
            (RowCallbackHandler)
                rs -> residencies.put(rs.getObject(1, UUID.class), rs.getString(2)));
    String served = region.residency().code();
    List<String> wrong = new ArrayList<>();
    for (UUID owner : owners) {
      String residency = residencies.get(owner);
      if (!served.equals(residency)) {
        wrong.add(owner + (residency == null ? " (not a user here)" : " (" + residency + ")"));
      }
    }
    if (!wrong.isEmpty()) {
      var violation =
          new ResidencyViolation(
              "refused to write "
                  + what
                  + " to the "
                  + region.code()
                  + " database, which holds "
                  + served
                  + " users' data only: "
                  + String.join(", ", wrong.stream().distinct().limit(5).toList())
                  + (wrong.size() > 5 ? " and " + (wrong.size() - 5) + " more" : ""));
      log.warn("Residency guard: {}", violation.getMessage());
      throw violation;
    }
  }

  /**
   * Runs {@code work} in one transaction on behalf of user {@code userId}, under row-level security
   * (V12): the transaction takes the role {@code seda_user} and names the user, and the database
   * then shows it that user's personal rows only (users, profiles, recommendations, events and
   * every other guarded table), whatever the SQL asks for, and refuses writes. For reads made for a
   * user, as a second line behind the service's own ownership checks. The server's own connection,
   * used everywhere else, is internal and sees everything.
   */
  public <T> T asUser(UUID userId, Function<JdbcClient, T> work) {
    return transactions.execute(
        tx -> {
          jdbc.sql(
                  "SELECT set_config('role', 'seda_user', true),"
                      + " set_config('seda.user_id', ?, true)")
              .param(userId.toString())
              .query((rs, n) -> 1)
              .list();
          return work.apply(jdbc);
        });
  }

  /**
   * The personal tables, read from the database's own {@code residency_guard} triggers (V10 and
   * later) so that a table guarded by a new migration is audited and moved without a second list in
   * Java; each trigger's function names the owner column ({@code seda_guard_<column>}). In name
   * order. {@code users} itself is not among them: it is the owners' table.
   */
  public List<PersonalTable> personalTables() {
    return jdbc.sql(
            "SELECT c.relname, substring(p.proname FROM 'seda_guard_(.*)') FROM pg_trigger t"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid"
                + " WHERE t.tgname = 'residency_guard' ORDER BY c.relname")
        .query((rs, n) -> new PersonalTable(rs.getString(1), rs.getString(2)))
        .list();
  }

  /**
   * Runs a query whose rows are pairs (a user id, then a value of {@code valueType}) and groups the
   * values by user: the shape of reading one thing for a page of users at once ({@code WHERE
   * user_id = ANY(?)}). Users without rows are absent.
   */
  public <V> Map<UUID, Set<V>> valuesByUser(String sql, Class<V> valueType, Object... params) {
    var found = new HashMap<UUID, Set<V>>();
    jdbc.sql(sql)
        .params(params)
        .query(
            (RowCallbackHandler)
                rs ->
                    found
                        .computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>())
                        .add(rs.getObject(2, valueType)));
    return found;
  }
}
