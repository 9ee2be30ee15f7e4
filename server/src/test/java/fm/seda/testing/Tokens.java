package fm.seda.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** Tokens for tests: valid Supabase-shaped ones, and every kind of bad one. */
public final class Tokens {

  /**
   * 64 bytes, so that the same secret can also sign an HS512 token for the wrong-algorithm case.
   */
  public static final String SECRET =
      "test-secret-0123456789abcdef0123456789abcdef0123456789abcdef0123";

  public static final String ISSUER = "https://test.supabase.co/auth/v1";

  private Tokens() {}

  /** A fresh subject, so each test has its own account. */
  public static String newSubject() {
    return UUID.randomUUID().toString();
  }

  public static String valid(String subject) {
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        claims(subject, ISSUER, Instant.now().plusSeconds(600)).build());
  }

  /** A valid token issued at {@code issued}: how long ago the user signed in. */
  public static String issuedAt(String subject, Instant issued) {
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        claims(subject, ISSUER, Instant.now().plusSeconds(600))
            .issueTime(Date.from(issued))
            .build());
  }

  public static String expired(String subject) {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        claims(subject, ISSUER, past).issueTime(Date.from(past.minusSeconds(60))).build());
  }

  public static String withoutExpiry(String subject) {
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issuer(ISSUER)
            .audience("authenticated")
            .issueTime(new Date())
            .build());
  }

  public static String wrongIssuer(String subject) {
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        claims(subject, "https://evil.example/auth/v1", Instant.now().plusSeconds(600)).build());
  }

  public static String wrongAudience(String subject) {
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        claims(subject, ISSUER, Instant.now().plusSeconds(600)).audience("someone-else").build());
  }

  public static String wrongSecret(String subject) {
    return sign(
        JWSAlgorithm.HS256,
        "another-secret-0123456789abcdef0123456789abcdef0123456789abcdef",
        claims(subject, ISSUER, Instant.now().plusSeconds(600)).build());
  }

  public static String hs512(String subject) {
    return sign(
        JWSAlgorithm.HS512,
        SECRET,
        claims(subject, ISSUER, Instant.now().plusSeconds(600)).build());
  }

  public static String rs256(String subject) {
    try {
      var key = new RSAKeyGenerator(2048).generate();
      var jwt =
          new SignedJWT(
              new JWSHeader(JWSAlgorithm.RS256),
              claims(subject, ISSUER, Instant.now().plusSeconds(600)).build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String unsigned(String subject) {
    return new PlainJWT(claims(subject, ISSUER, Instant.now().plusSeconds(600)).build())
        .serialize();
  }

  /** A valid token whose claims say "admin" every way Supabase could: none of it may count. */
  public static String claimingAdmin(String subject) {
    return sign(
        JWSAlgorithm.HS256,
        SECRET,
        claims(subject, ISSUER, Instant.now().plusSeconds(600))
            .claim("role", "admin")
            .claim("app_metadata", Map.of("role", "admin", "roles", new String[] {"admin"}))
            .claim("scope", "admin")
            .build());
  }

  private static JWTClaimsSet.Builder claims(String subject, String issuer, Instant expires) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issuer(issuer)
        .audience("authenticated")
        .issueTime(new Date())
        .expirationTime(Date.from(expires));
  }

  private static String sign(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) {
    try {
      var jwt = new SignedJWT(new JWSHeader(algorithm), claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
