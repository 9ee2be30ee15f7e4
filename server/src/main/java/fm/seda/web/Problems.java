package fm.seda.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 7807 problems. Every problem's {@code type} is {@code
 * https://seda.fm/problems/<slug>}, and the slug is part of the API contract: clients switch on it,
 * so a slug never changes meaning.
 */
public final class Problems {

  public static final String TYPE_PREFIX = "https://seda.fm/problems/";
  public static final String REQUEST_ID_MDC_KEY = "request_id";

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + slug));
    problem.setTitle(title);
    String requestId = MDC.get(REQUEST_ID_MDC_KEY);
    if (requestId != null) {
      problem.setProperty("request_id", requestId);
    }
    return problem;
  }

  /** The problem as a plain map, for writers outside Spring MVC (the security filter chain). */
  public static Map<String, Object> asMap(ProblemDetail problem) {
    var body = new LinkedHashMap<String, Object>();
    body.put("type", String.valueOf(problem.getType()));
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    putIfPresent(body, "detail", problem.getDetail());
    putIfPresent(body, "instance", problem.getInstance());
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    return body;
  }

  private static void putIfPresent(Map<String, Object> body, String key, @Nullable Object value) {
    if (value != null) {
      body.put(key, value.toString());
    }
  }
}
