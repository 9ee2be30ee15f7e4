package fm.seda.regions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
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

  public RegionalDatabase(Region region, DataSource dataSource, TransactionTemplate transactions) {
    this(
        region,
        dataSource,
        JdbcClient.create(dataSource),
        new JdbcTemplate(dataSource),
        transactions);
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
