package fm.seda.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error a module reports to the API caller: a status, a stable slug, a title and a detail that
 * says what was wrong with the request. Extra properties (say, the unknown genres) help clients
 * show the problem next to the field.
 */
public class ApiProblem extends ErrorResponseException {

  public ApiProblem(HttpStatus status, String slug, String title, String detail) {
    this(status, slug, title, detail, Map.of());
  }

  public ApiProblem(
      HttpStatus status, String slug, String title, String detail, Map<String, ?> properties) {
    super(status, problem(status, slug, title, detail, properties), null);
  }

  private static ProblemDetail problem(
      HttpStatus status, String slug, String title, String detail, Map<String, ?> properties) {
    ProblemDetail problem = Problems.of(status, slug, title, detail);
    new LinkedHashMap<>(properties).forEach(problem::setProperty);
    return problem;
  }

  @Override
  public String getMessage() {
    return getBody().getTitle() + ": " + getBody().getDetail();
  }

  public static ApiProblem badRequest(String slug, String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, slug, "Invalid request", detail);
  }

  public static ApiProblem notFound(String slug, String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, slug, "Not found", detail);
  }
}
