package fm.seda.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Development tokens: Supabase-shaped HS256 JWTs for a named dev user, signed with the configured
 * secret or the generated development secret. For local runs and the sandbox, never production.
 */
public final class DevTokens {

  public static final String DEV_ISSUER = "seda-dev";
  public static final String AUDIENCE = "authenticated";
  static final String SECRET_FILE = "dev-jwt-secret";
  private static final int MIN_SECRET_BYTES = 32;

  private DevTokens() {}

  /**
   * The stable auth subject of a dev user name: a name-based UUID, like the UUID subjects Supabase
   * issues, so {@code --user alice} is the same account on every run.
   */
  public static String subjectFor(String userName) {
    return UUID.nameUUIDFromBytes(("seda-dev-user:" + userName).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  public static String mint(String secret, String issuer, String userName, Duration ttl) {
    requireUsableSecret(secret);
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subjectFor(userName))
            .issuer(issuer)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .claim("role", "authenticated")
            .claim("user_metadata", java.util.Map.of("name", userName))
            .build();
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a dev token: " + e.getMessage(), e);
    }
  }

  static void requireUsableSecret(String secret) {
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          "the HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes long (RFC 7518 §3.2)");
    }
  }

  /** The development secret under the data directory, created (mode 600) on first use. */
  public static String devSecret(Path dataDirectory) {
    Path file = dataDirectory.resolve(SECRET_FILE);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(dataDirectory);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the file keeps the default permissions.
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create " + file, e);
    }
  }

  /** The secret tokens are verified with: the configured one, else the development secret. */
  public static String effectiveSecret(AuthProperties properties, Path dataDirectory) {
    return properties.hasConfiguredSecret() ? properties.hs256Secret() : devSecret(dataDirectory);
  }
}
