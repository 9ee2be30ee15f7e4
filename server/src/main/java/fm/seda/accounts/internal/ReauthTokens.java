package fm.seda.accounts.internal;

import fm.seda.regions.RegionalDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code reauth_tokens}: random tokens handed out once, stored as SHA-256 hashes (a leaked
 * table holds nothing that can be replayed), spent at most once.
 */
@Repository
public class ReauthTokens {

  private final SecureRandom random = new SecureRandom();

  /** Issues a token for {@code userId} in its region's database; returns the token itself. */
  public String issue(RegionalDatabase db, UUID userId, Instant expiresAt) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // expired tokens of this user go as a new one comes: the table never grows past a few rows
    db.jdbc()
        .sql("DELETE FROM reauth_tokens WHERE user_id = ? AND expires_at < now()")
        .param(userId)
        .update();
    db.jdbc()
        .sql("INSERT INTO reauth_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
        .params(hash(token), userId, java.sql.Timestamp.from(expiresAt))
        .update();
    return token;
  }

  /** Marks the token used; false when it is unknown, another user's, expired or already used. */
  public boolean spend(RegionalDatabase db, UUID userId, String token) {
    return db.jdbc()
            .sql(
                "UPDATE reauth_tokens SET used_at = now() WHERE token_hash = ? AND user_id = ?"
                    + " AND used_at IS NULL AND expires_at > now()")
            .params(hash(token), userId)
            .update()
        == 1;
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
