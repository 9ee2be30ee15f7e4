package fm.seda.testing;

import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;

/** Accounts for tests, made through the API like a client would, roles granted in the database. */
public final class TestUsers {

  private TestUsers() {}

  /** A token of a fresh account with the admin role. */
  public static String admin(Api api, RegionRouter regions) {
    String subject = Tokens.newSubject();
    String token = Tokens.valid(subject);
    api.post("/me", token, null);
    for (RegionalDatabase db : regions.all()) {
      db.jdbc()
          .sql("UPDATE users SET role = 'admin' WHERE auth_user_id = ?")
          .param(subject)
          .update();
    }
    return token;
  }

  /** A token of a fresh account with the user role. */
  public static String user(Api api) {
    String token = Tokens.valid(Tokens.newSubject());
    api.post("/me", token, null);
    return token;
  }
}
