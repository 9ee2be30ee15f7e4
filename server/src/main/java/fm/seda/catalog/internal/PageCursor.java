package fm.seda.catalog.internal;

import fm.seda.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** An opaque listing cursor: the sort key of the last item of the previous page. */
record PageCursor(double popularity, UUID id) {

  String encode() {
    String raw = popularity + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static PageCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      double popularity = Double.parseDouble(raw.substring(0, bar));
      if (!Double.isFinite(popularity)) {
        throw new IllegalArgumentException("non-finite popularity");
      }
      return new PageCursor(popularity, UUID.fromString(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest(
          "invalid-cursor",
          "cursor is not one this API returned; pass next_cursor from the previous page");
    }
  }
}
