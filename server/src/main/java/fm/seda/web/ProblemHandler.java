package fm.seda.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every exception that reaches Spring MVC into an RFC 7807 problem with a stable type. The
 * caller learns what was wrong with the request; the stack trace stays in the server log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private static final Map<Integer, String> SLUG_BY_STATUS =
      Map.of(
          400, "invalid-request",
          404, "not-found",
          405, "method-not-allowed",
          406, "not-acceptable",
          413, "payload-too-large",
          415, "unsupported-media-type",
          503, "service-unavailable");

  @Override
  protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                e ->
                    Map.of(
                        "field",
                        snakeCase(e.getField()),
                        "message",
                        String.valueOf(e.getDefaultMessage())))
            .toList();
    return validationFailed(errors, headers);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            e ->
                                Map.of(
                                    "field",
                                    snakeCase(
                                        String.valueOf(
                                            result.getMethodParameter().getParameterName())),
                                    "message",
                                    String.valueOf(e.getDefaultMessage()))))
            .toList();
    return validationFailed(errors, headers);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
    List<Map<String, String>> errors =
        ex.getConstraintViolations().stream()
            .map(
                v ->
                    Map.of(
                        "field",
                        snakeCase(leafName(v.getPropertyPath().toString())),
                        "message",
                        v.getMessage()))
            .toList();
    return validationFailed(errors, new HttpHeaders());
  }

  private ResponseEntity<Object> validationFailed(
      List<Map<String, String>> errors, HttpHeaders headers) {
    String detail =
        String.join(
            "; ", errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList());
    ProblemDetail problem =
        Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", detail);
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().headers(headers).body(problem);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        Problems.of(
            HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", explain(ex));
    return ResponseEntity.badRequest().headers(headers).body(problem);
  }

  /** Says what is wrong with a body without echoing Java type names back to the caller. */
  private static String explain(HttpMessageNotReadableException ex) {
    // the outermost Jackson exception knows the field's path; the most specific cause may be a
    // value parser's own exception (a DateTimeParseException for an unreadable instant)
    Throwable cause = ex.getMostSpecificCause();
    for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
      if (t instanceof JacksonException) {
        cause = t;
        break;
      }
    }
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + path(unknown) + "'";
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return "field '" + path(mismatch) + "' has the wrong type or format";
    }
    if (cause instanceof tools.jackson.core.exc.InputCoercionException coercion) {
      String where = path(coercion);
      return (where.isEmpty() ? "a number" : "field '" + where + "'") + " is out of range";
    }
    if (cause instanceof JacksonException) {
      return "the body is not valid JSON";
    }
    return "the request body is missing or unreadable";
  }

  private static String path(JacksonException ex) {
    var sb = new StringBuilder();
    for (JacksonException.Reference ref : ex.getPath()) {
      if (ref.getPropertyName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** The API speaks snake_case; Java fields are camelCase. */
  static String snakeCase(String javaPath) {
    return javaPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String leafName(String propertyPath) {
    int dot = propertyPath.lastIndexOf('.');
    return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
  }

  /**
   * Gives framework problems (404, 405, 415, type mismatches, ...) a seda type instead of
   * about:blank.
   */
  @Override
  protected @Nullable ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      @Nullable Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    if (body == null && ex instanceof ErrorResponse errorResponse) {
      body = errorResponse.getBody();
    }
    if (body instanceof ProblemDetail problem && isBlankType(problem)) {
      ProblemDetail typed =
          Problems.of(
              statusCode,
              SLUG_BY_STATUS.getOrDefault(statusCode.value(), "http-" + statusCode.value()),
              problem.getTitle() == null ? "Error" : problem.getTitle(),
              problem.getDetail() == null ? "" : problem.getDetail());
      return super.handleExceptionInternal(ex, typed, headers, statusCode, request);
    }
    return super.handleExceptionInternal(ex, body, headers, statusCode, request);
  }

  private static boolean isBlankType(ProblemDetail problem) {
    return problem.getType() == null || "about:blank".equals(problem.getType().toString());
  }

  /** Tomcat refuses to decode a query string such as {@code ?q=%}; that is the caller's error. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException ex) {
    return ResponseEntity.badRequest()
        .body(
            Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid request",
                "a query parameter is not valid URL encoding (percent signs must be sent as %25)"));
  }

  /**
   * PostgreSQL refuses text it cannot store (a NUL character, invalid encoding); that is the
   * caller's input, not a server fault.
   */
  @ExceptionHandler(org.springframework.dao.DataAccessException.class)
  ResponseEntity<ProblemDetail> dataAccess(org.springframework.dao.DataAccessException ex) {
    Throwable root = ex.getMostSpecificCause();
    if (root instanceof java.sql.SQLException sql
        && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
      return ResponseEntity.badRequest()
          .body(
              Problems.of(
                  HttpStatus.BAD_REQUEST,
                  "invalid-text",
                  "Invalid request",
                  "a text field contains a character that cannot be stored (such as NUL, \\u0000)"));
    }
    return unexpected(ex);
  }

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem ex) {
    return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
  }

  /** Security exceptions belong to the security filter chain, which answers 401/403 itself. */
  @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
  void rethrowSecurity(RuntimeException ex) {
    throw ex;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception ex) {
    if (ex instanceof ErrorResponse known && !(ex instanceof ErrorResponseException)) {
      ProblemDetail body = known.getBody();
      return ResponseEntity.status(known.getStatusCode()).body(body);
    }
    log.error("Unhandled error", ex);
    return ResponseEntity.internalServerError()
        .body(
            Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The server failed to handle this request. Quote the request_id when reporting it."));
  }
}
