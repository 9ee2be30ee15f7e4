package fm.seda.accounts.internal;

import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts;
import fm.seda.accounts.Preferences;
import fm.seda.accounts.PreferencesChange;
import fm.seda.accounts.PrivacyChange;
import fm.seda.accounts.PrivacySettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "accounts", description = "The caller's account and onboarding")
class AccountsController {

  private final Accounts accounts;

  AccountsController(Accounts accounts) {
    this.accounts = accounts;
  }

  record CreateAccount(@Nullable @Size(max = 100) String displayName) {}

  record GenresChoice(@NotNull @Size(max = 100) List<@NotNull String> genres) {}

  @PostMapping("/me")
  @Operation(summary = "Create the account of the token's subject (idempotent: 201 once, then 200)")
  ResponseEntity<Account> create(
      @AuthenticationPrincipal Jwt jwt,
      @Valid @RequestBody(required = false) @Nullable CreateAccount body) {
    Accounts.Creation creation =
        accounts.create(jwt.getSubject(), body == null ? null : body.displayName());
    return ResponseEntity.status(creation.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(creation.account());
  }

  @GetMapping("/me")
  @Operation(summary = "The caller's account")
  Account me(@AuthenticationPrincipal Jwt jwt) {
    return accounts.require(jwt.getSubject());
  }

  @PutMapping("/me/genres")
  @Operation(summary = "Choose at least 3 genres from GET /genres (names or slugs)")
  Account chooseGenres(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody GenresChoice body) {
    return accounts.chooseGenres(jwt.getSubject(), body.genres());
  }

  @PostMapping("/auth/reauth")
  @Operation(
      summary =
          "Exchange an identity token issued in the last 5 minutes for a single-use reauth_token"
              + " (residency changes, deletions)")
  Accounts.Reauthentication reauth(@AuthenticationPrincipal Jwt jwt) {
    return accounts.reauthenticate(jwt.getSubject(), jwt.getIssuedAt());
  }

  @GetMapping("/me/preferences")
  Preferences preferences(@AuthenticationPrincipal Jwt jwt) {
    return accounts.require(jwt.getSubject()).preferences();
  }

  @PatchMapping("/me/preferences")
  @Operation(summary = "Change locales, preferred provider or explicit-content setting")
  Preferences changePreferences(
      @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody PreferencesChange change) {
    return accounts.changePreferences(jwt.getSubject(), change).preferences();
  }

  @GetMapping("/me/privacy-settings")
  PrivacySettings privacy(@AuthenticationPrincipal Jwt jwt) {
    return accounts.require(jwt.getSubject()).privacySettings();
  }

  @PatchMapping("/me/privacy-settings")
  @Operation(summary = "Change presence visibility, push opt-in or the non-EU fallback consent")
  PrivacySettings changePrivacy(
      @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody PrivacyChange change) {
    return accounts.changePrivacy(jwt.getSubject(), change).privacySettings();
  }
}
