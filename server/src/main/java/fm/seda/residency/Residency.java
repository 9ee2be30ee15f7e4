package fm.seda.residency;

import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts;
import fm.seda.overrides.Overrides;
import fm.seda.regions.DataResidency;
import fm.seda.residency.internal.ProcessingDetails;
import fm.seda.residency.internal.ResidencyChanges;
import fm.seda.web.ApiProblem;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Reads and changes where a user's data lives. A change that moves the residency queues the move of
 * the user's rows to the new region's database and returns at once; {@link ResidencyStatus#moving}
 * says when it is done.
 */
@Service
public class Residency {

  /**
   * EU member states and the rest of the EEA (ISO 3166-1 alpha-2), where GDPR applies: a request
   * from one suggests EU residency.
   */
  static final Set<String> EEA =
      Set.of(
          "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

  /** What a user types to confirm a change to each residency. */
  public static final Map<DataResidency, String> CONFIRMATION_PHRASES =
      new EnumMap<>(
          Map.of(
              DataResidency.EU, "move my data to the EU",
              DataResidency.NON_EU, "move my data out of the EU"));

  private final Accounts accounts;
  private final ResidencyChanges changes;
  private final Overrides overrides;
  private final ProcessingDetails processing;

  Residency(
      Accounts accounts,
      ResidencyChanges changes,
      Overrides overrides,
      ProcessingDetails processing) {
    this.accounts = accounts;
    this.changes = changes;
    this.overrides = overrides;
    this.processing = processing;
  }

  /**
   * When the caller's data was processed outside the EU during an EU outage, under what permission,
   * and whether the temporary result is purged yet.
   */
  public NonEuProcessingDetails nonEuProcessing(String subject) {
    return processing.of(accounts.require(subject).id());
  }

  /** The caller's residency, with a suggestion from the request's country when one is known. */
  public ResidencyStatus status(String subject, @Nullable String requestCountry) {
    Account account = accounts.require(subject);
    return changes.status(account.id(), suggestion(requestCountry));
  }

  /** Any user's residency (admins). */
  public ResidencyStatus status(UUID userId) {
    return changes.status(userId, null);
  }

  /**
   * The user declares their residency: needs a re-auth token from {@code POST /auth/reauth} and the
   * typed confirmation phrase of the residency chosen. Refused while verified billing or an admin
   * override decides (they outrank a declaration) and while a move is under way.
   */
  public ResidencyStatus declare(
      String subject,
      DataResidency wanted,
      @Nullable String reauthToken,
      @Nullable String typedConfirmation) {
    Account account = accounts.require(subject);
    String phrase = CONFIRMATION_PHRASES.get(wanted);
    if (typedConfirmation == null || !normalised(typedConfirmation).equals(normalised(phrase))) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "confirmation-mismatch",
          "Confirmation does not match",
          "to change your data residency to '"
              + wanted.code()
              + "', type_confirmation must be exactly: "
              + phrase,
          Map.of("expected_confirmation", phrase));
    }
    accounts.spendReauth(account, reauthToken);
    return changes.record(
        account.id(),
        ResidencySource.USER_DECLARED,
        wanted,
        subject,
        null,
        null,
        account.id(),
        "declared by the user");
  }

  /**
   * Records a verified signal from billing/contract, KYC or subscription metadata (internal and
   * admin callers); residency follows if the signal outranks what decides now.
   */
  public ResidencyStatus recordSignal(
      UUID userId,
      ResidencySource source,
      DataResidency residency,
      String actor,
      @Nullable UUID actorId,
      @Nullable String evidence) {
    if (source != ResidencySource.BILLING
        && source != ResidencySource.KYC
        && source != ResidencySource.SUBSCRIPTION) {
      throw ApiProblem.badRequest(
          "invalid-residency-source",
          "source must be billing, kyc or subscription; '"
              + source.code()
              + "' is recorded by its own flow (the user's declaration, an admin override) or never"
              + " (ip_suggested is advisory)");
    }
    return changes.record(
        userId,
        source,
        residency,
        actor,
        evidence,
        null,
        actorId,
        source.code() + " signal recorded by " + actor);
  }

  /**
   * Sets a user's residency by an executed two-approver override of scope {@value
   * Overrides#RESIDENCY} that names the user; it decides until the override expires, then the other
   * signals decide again.
   */
  public ResidencyStatus override(
      UUID userId,
      DataResidency residency,
      UUID overrideId,
      String actor,
      @Nullable UUID actorId,
      String reason) {
    Overrides.Executed executed =
        overrides
            .executedFor(overrideId, Overrides.RESIDENCY, userId.toString())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.FORBIDDEN,
                        "override-not-executed",
                        "No executed override",
                        "override "
                            + overrideId
                            + " is not an executed, unexpired two-approver override of scope '"
                            + Overrides.RESIDENCY
                            + "' naming user "
                            + userId
                            + " in its affected_cohorts"));
    return changes.record(
        userId,
        ResidencySource.ADMIN_OVERRIDE,
        residency,
        actor,
        reason,
        executed,
        actorId,
        "admin override " + overrideId + ": " + reason);
  }

  private static String normalised(String typed) {
    return typed.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static ResidencyStatus.@Nullable Suggestion suggestion(@Nullable String country) {
    if (country == null || !country.trim().matches("[A-Za-z]{2}")) {
      return null; // unknown (XX, T1 for Tor at Cloudflare) or absent: no suggestion
    }
    String code = country.trim().toUpperCase(Locale.ROOT);
    if (code.equals("XX")) {
      return null;
    }
    return new ResidencyStatus.Suggestion(
        EEA.contains(code) ? DataResidency.EU : DataResidency.NON_EU,
        code,
        ResidencySource.IP_SUGGESTED);
  }
}
