package fm.seda.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (errors raised outside Spring MVC: filters, rejected URLs) as a
 * problem too, instead of Spring Boot's default error JSON or the container's HTML page.
 */
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer i && HttpStatus.resolve(i) != null
            ? HttpStatus.valueOf(i)
            : HttpStatus.NOT_FOUND; // no error being forwarded: someone asked for /error itself
    String slug =
        switch (status.value()) {
          case 400 -> "invalid-request";
          case 404 -> "not-found";
          case 413 -> "payload-too-large";
          default -> status.is5xxServerError() ? "internal-error" : "http-" + status.value();
        };
    String detail =
        status.is5xxServerError()
            ? "The server failed to handle this request. Quote the request_id when reporting it."
            : status.getReasonPhrase();
    ProblemDetail problem = Problems.of(status, slug, status.getReasonPhrase(), detail);
    if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
      problem.setInstance(java.net.URI.create(uri.replace(" ", "%20")));
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
