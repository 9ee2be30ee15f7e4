package fm.seda.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a new
 * one. The id is in every log line of the request (MDC), in the response header and in problems.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // an error dispatch (the container's /error page) keeps the id of the request that failed
    Object earlier = request.getAttribute(ATTRIBUTE);
    String offered = request.getHeader(HEADER);
    String id =
        earlier instanceof String e
            ? e
            : offered != null && SANE.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
    request.setAttribute(ATTRIBUTE, id);
    MDC.put(Problems.REQUEST_ID_MDC_KEY, id);
    response.setHeader(HEADER, id);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(Problems.REQUEST_ID_MDC_KEY);
    }
  }
}
