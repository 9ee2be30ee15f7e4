package fm.seda.residency.internal;

import fm.seda.accounts.Accounts;
import fm.seda.regions.DataResidency;
import fm.seda.residency.NonEuProcessingDetails;
import fm.seda.residency.Residency;
import fm.seda.residency.ResidencySource;
import fm.seda.residency.ResidencyStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "residency", description = "Data residency: where personal rows live")
class ResidencyController {

  private final Residency residency;
  private final Accounts accounts;
  private final String countryHeader;

  /**
   * @param countryHeader the header in which the edge (CDN, load balancer) passes the request's
   *     country from IP geolocation ({@code seda.residency.country-header}); it only pre-fills
   */
  ResidencyController(
      Residency residency,
      Accounts accounts,
      @Value("${seda.residency.country-header:CF-IPCountry}") String countryHeader) {
    this.residency = residency;
    this.accounts = accounts;
    this.countryHeader = countryHeader;
  }

  record Declaration(
      @NotNull DataResidency dataResidency,
      @Nullable @Size(max = 200) String reauthToken,
      @Nullable @Size(max = 200) String typedConfirmation) {}

  record Signal(
      @NotNull ResidencySource source,
      @NotNull DataResidency dataResidency,
      @Nullable @Size(max = 500) String evidence) {}

  record OverrideRequest(
      @NotNull DataResidency dataResidency,
      @NotNull UUID overrideId,
      @NotBlank @Size(max = 500) String reason) {}

  @GetMapping("/me/residency")
  @Operation(
      summary =
          "The caller's data residency, what decided it, whether a move is under way, and an"
              + " advisory suggestion from the request's country")
  ResidencyStatus mine(@AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
    return residency.status(jwt.getSubject(), request.getHeader(countryHeader));
  }

  @GetMapping("/me/privacy/processing")
  @Operation(
      summary =
          "When the caller's data was processed outside the EU during an EU outage, under which"
              + " opt-in or override, and whether the temporary result is purged; with the notice"
              + " to show while one is not")
  NonEuProcessingDetails processing(@AuthenticationPrincipal Jwt jwt) {
    return residency.nonEuProcessing(jwt.getSubject());
  }

  @PutMapping("/me/residency")
  @Operation(
      summary =
          "Declare the caller's residency: needs a reauth_token (POST /auth/reauth) and the typed"
              + " confirmation phrase; 202 while the data moves")
  ResponseEntity<ResidencyStatus> declare(
      @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Declaration body) {
    return answer(
        residency.declare(
            jwt.getSubject(), body.dataResidency(), body.reauthToken(), body.typedConfirmation()));
  }

  @GetMapping("/admin/users/{userId}/residency")
  @Operation(summary = "A user's data residency, its signals and any move under way")
  ResidencyStatus ofUser(@PathVariable UUID userId) {
    return residency.status(userId);
  }

  @PutMapping("/admin/users/{userId}/residency-signals")
  @Operation(
      summary =
          "Record a verified billing/contract, KYC or subscription residency signal (it decides by"
              + " precedence); 202 when the user's data must move")
  ResponseEntity<ResidencyStatus> signal(
      @AuthenticationPrincipal Jwt jwt,
      @PathVariable UUID userId,
      @Valid @RequestBody Signal body) {
    return answer(
        residency.recordSignal(
            userId,
            body.source(),
            body.dataResidency(),
            jwt.getSubject(),
            accounts.require(jwt.getSubject()).id(),
            body.evidence()));
  }

  @PostMapping("/admin/users/{userId}/residency-override")
  @Operation(
      summary =
          "Set a user's residency under an executed two-approver override of scope 'residency'"
              + " naming the user; it lasts until the override expires")
  ResponseEntity<ResidencyStatus> override(
      @AuthenticationPrincipal Jwt jwt,
      @PathVariable UUID userId,
      @Valid @RequestBody OverrideRequest body) {
    return answer(
        residency.override(
            userId,
            body.dataResidency(),
            body.overrideId(),
            jwt.getSubject(),
            accounts.require(jwt.getSubject()).id(),
            body.reason()));
  }

  /** 202 Accepted while the data is still on its way to the new region, else 200. */
  private static ResponseEntity<ResidencyStatus> answer(ResidencyStatus status) {
    return ResponseEntity.status(status.moving() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(status);
  }
}
