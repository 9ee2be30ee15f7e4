package fm.seda.accounts;

import fm.seda.accounts.internal.AccountStore;
import fm.seda.accounts.internal.ReauthTokens;
import fm.seda.catalog.Genre;
import fm.seda.catalog.GenreTaxonomy;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.regions.ResidencyMoved;
import fm.seda.security.RoleLookup;
import fm.seda.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The accounts facade. Callers name an account by its auth subject (the JWT {@code sub}); the
 * facade finds the region that holds it and reads and writes only there.
 */
@Service
public class Accounts implements RoleLookup {

  public static final int MIN_GENRES = 3;
  public static final int MAX_GENRES = 25;

  private final AccountStore store;
  private final GenreTaxonomy taxonomy;
  private final ApplicationEventPublisher events;
  private final ReauthTokens reauthTokens;
  private final RegionRouter regions;
  private final Duration reauthWindow;

  /**
   * @param reauthWindow how recently the caller must have signed in for {@link #reauthenticate}
   *     ({@code seda.accounts.reauth-window}); the token it issues lives as long
   */
  Accounts(
      AccountStore store,
      GenreTaxonomy taxonomy,
      ApplicationEventPublisher events,
      ReauthTokens reauthTokens,
      RegionRouter regions,
      @Value("${seda.accounts.reauth-window:PT5M}") Duration reauthWindow) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.events = events;
    this.reauthTokens = reauthTokens;
    this.regions = regions;
    if (reauthWindow.isNegative() || reauthWindow.isZero()) {
      throw new IllegalArgumentException(
          "seda.accounts.reauth-window must be positive, got " + reauthWindow);
    }
    this.reauthWindow = reauthWindow;
  }

  /** Proof of a fresh sign-in, to spend on one sensitive action. */
  public record Reauthentication(String reauthToken, Instant expiresAt) {}

  /**
   * Issues a re-auth token when the caller's identity token was issued within the re-auth window:
   * the client signs the user in again (password, biometric) with the identity provider, then
   * exchanges that fresh token here. An older token is refused (403 {@code reauth-required}).
   */
  public Reauthentication reauthenticate(String subject, @Nullable Instant signedInAt) {
    Account account = require(subject);
    Instant now = Instant.now();
    if (signedInAt == null || signedInAt.isBefore(now.minus(reauthWindow))) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          "reauth-required",
          "Sign in again",
          "re-authentication needs an identity token issued in the last "
              + reauthWindow.toMinutes()
              + " minutes; sign in again (password or biometric) and retry with the new token");
    }
    Instant expiresAt = now.plus(reauthWindow);
    RegionalDatabase db = regions.forResidency(account.dataResidency());
    return new Reauthentication(reauthTokens.issue(db, account.id(), expiresAt), expiresAt);
  }

  /**
   * Spends a re-auth token of this account (once); refuses a missing, unknown, expired or used one
   * with 403 {@code reauth-required}.
   */
  public void spendReauth(Account account, @Nullable String reauthToken) {
    RegionalDatabase db = regions.forResidency(account.dataResidency());
    if (reauthToken == null
        || reauthToken.isBlank()
        || !reauthTokens.spend(db, account.id(), reauthToken)) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          "reauth-required",
          "Re-authentication required",
          "this action needs a fresh reauth_token from POST /auth/reauth (valid "
              + reauthWindow.toMinutes()
              + " minutes, usable once); the one given is missing, expired, used or not yours");
    }
  }

  /** The account moved between regional databases: where it was is no longer where it is. */
  @EventListener
  void on(ResidencyMoved moved) {
    store.forget(moved.authSubject());
  }

  /** The outcome of {@link #create}: the account, and whether this call created it. */
  public record Creation(Account account, boolean created) {}

  /**
   * Creates the subject's account (non-EU until residency is declared), or returns the existing
   * one.
   */
  public Creation create(String subject, @Nullable String displayName) {
    Optional<Account> existing = store.find(subject);
    if (existing.isPresent()) {
      return new Creation(existing.get(), false);
    }
    return store.insert(subject, displayName);
  }

  public Optional<Account> find(String subject) {
    return store.find(subject);
  }

  /** The live account with this id, in whichever region holds it. */
  public Optional<Account> byId(UUID id) {
    return store.byId(id);
  }

  /**
   * The live accounts stored in {@code db} with ids after {@code after}, in id order, at most
   * {@code limit}: for jobs that walk every user of a region (pass the last id of one page to get
   * the next).
   */
  public List<Account> page(RegionalDatabase db, UUID after, int limit) {
    return store.page(db, after, limit);
  }

  public Account require(String subject) {
    return store
        .find(subject)
        .orElseThrow(
            () ->
                new ApiProblem(
                    HttpStatus.NOT_FOUND,
                    "account-not-found",
                    "No account",
                    "There is no account for this token's subject yet; POST /me creates it"));
  }

  /**
   * Sets the onboarding genres. Names or slugs are accepted in any case and stored by name; fewer
   * than {@value #MIN_GENRES}, unknown or repeated genres are refused with the offending values.
   */
  public Account chooseGenres(String subject, List<String> requested) {
    Account account = require(subject);
    var unknown = new ArrayList<String>();
    var chosen = new LinkedHashSet<String>();
    var duplicates = new LinkedHashSet<String>();
    for (String value : requested) {
      Optional<Genre> genre = taxonomy.find(value);
      if (genre.isEmpty()) {
        unknown.add(value);
      } else if (!chosen.add(genre.get().name())) {
        duplicates.add(genre.get().name());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "unknown-genre",
          "Invalid request",
          "genres not in the taxonomy: " + unknown + "; GET /genres lists them",
          Map.of("unknown_genres", unknown));
    }
    if (!duplicates.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "duplicate-genres",
          "Invalid request",
          "genres listed more than once: " + duplicates,
          Map.of("duplicate_genres", List.copyOf(duplicates)));
    }
    if (chosen.size() < MIN_GENRES) {
      throw ApiProblem.badRequest(
          "too-few-genres", "choose at least " + MIN_GENRES + " genres; got " + chosen.size());
    }
    if (chosen.size() > MAX_GENRES) {
      throw ApiProblem.badRequest(
          "too-many-genres", "choose at most " + MAX_GENRES + " genres; got " + chosen.size());
    }
    Account updated =
        store.updatePreferences(
            account,
            p ->
                new Preferences(
                    List.copyOf(chosen), p.locales(), p.preferredProvider(), p.explicitContent()));
    events.publishEvent(
        new GenresChosen(updated.id(), updated.dataResidency(), updated.preferences().genres()));
    return updated;
  }

  public Account changePreferences(String subject, PreferencesChange change) {
    return store.updatePreferences(
        require(subject),
        p ->
            new Preferences(
                p.genres(),
                change.locales() == null ? p.locales() : List.copyOf(change.locales()),
                change.preferredProvider() == null
                    ? p.preferredProvider()
                    : change.preferredProvider(),
                change.explicitContent() == null ? p.explicitContent() : change.explicitContent()));
  }

  public Account changePrivacy(String subject, PrivacyChange change) {
    return store.updatePrivacy(require(subject), s -> changed(s, change));
  }

  private static PrivacySettings changed(PrivacySettings s, PrivacyChange change) {
    boolean consentGiven =
        (Boolean.TRUE.equals(change.pushOptIn()) && !s.pushOptIn())
            || (Boolean.TRUE.equals(change.allowNonEuFallback()) && !s.allowNonEuFallback());
    return new PrivacySettings(
        change.presenceDefault() == null ? s.presenceDefault() : change.presenceDefault(),
        change.pushOptIn() == null ? s.pushOptIn() : change.pushOptIn(),
        s.teen(),
        change.allowNonEuFallback() == null ? s.allowNonEuFallback() : change.allowNonEuFallback(),
        consentGiven ? Instant.now() : s.consentTimestamp());
  }

  @Override
  public Optional<String> roleOf(String subject) {
    return store.roleOf(subject);
  }
}
