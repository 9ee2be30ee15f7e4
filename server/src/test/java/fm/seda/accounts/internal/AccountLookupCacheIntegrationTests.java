package fm.seda.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.accounts.Accounts;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 1 s account reuse ({@code seda.accounts.lookup-cache}; off in the shared test server, so
 * tested here on a store of its own): a read is reused, a write through the store drops it.
 */
@SedaIntegrationTest
class AccountLookupCacheIntegrationTests {

  @Autowired RegionRouter regions;
  @Autowired JsonMapper json;
  @Autowired Accounts accounts;

  @Test
  void aReadAccountIsReusedUntilAWriteThroughTheStoreDropsIt() {
    var store = new AccountStore(regions, json, Duration.ofMinutes(1));
    String subject = Tokens.newSubject();
    store.insert(subject, "cached");
    assertThat(store.roleOf(subject)).contains("user");
    regions
        .all()
        .forEach(
            db ->
                db.jdbc()
                    .sql("UPDATE users SET role = 'admin' WHERE auth_user_id = ?")
                    .param(subject)
                    .update());

    assertThat(store.roleOf(subject)).as("reused within the TTL").contains("user");

    store.updatePreferences(store.find(subject).orElseThrow(), p -> p);
    assertThat(store.roleOf(subject)).as("dropped by the write").contains("admin");
  }

  @Test
  void aNegativeLookupCacheIsRefused() {
    assertThatThrownBy(() -> new AccountStore(regions, json, Duration.ofSeconds(-1)))
        .hasMessageContaining("seda.accounts.lookup-cache");
  }
}
