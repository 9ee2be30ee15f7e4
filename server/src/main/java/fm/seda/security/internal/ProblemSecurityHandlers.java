package fm.seda.security.internal;

import fm.seda.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** Answers 401 and 403 with problem+json, like every other error of the API. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final JsonMapper json;

  ProblemSecurityHandlers(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
      throws IOException {
    boolean tokenPresented = request.getHeader("Authorization") != null;
    ProblemDetail problem =
        tokenPresented
            ? Problems.of(
                HttpStatus.UNAUTHORIZED,
                "invalid-token",
                "Invalid bearer token",
                ex instanceof InvalidBearerTokenException
                    ? ex.getMessage()
                    : "The bearer token was not accepted")
            : Problems.of(
                HttpStatus.UNAUTHORIZED,
                "missing-token",
                "Authentication required",
                "Send 'Authorization: Bearer <token>'; ./seda token --user <name> prints a dev token");
    response.setHeader(
        "WWW-Authenticate", tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
    write(response, problem);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
      throws IOException {
    write(
        response,
        Problems.of(
            HttpStatus.FORBIDDEN,
            "forbidden",
            "Forbidden",
            "This endpoint needs the admin role, which your account does not have"));
  }

  private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), Problems.asMap(problem));
  }
}
