package fm.seda.cli;

/**
 * One line for a person about a failed start (the log has the whole trace): the first cause that is
 * not Spring's bean-wiring wrapper, which is where seda and its libraries say what went wrong.
 */
final class StartupFailure {

  private StartupFailure() {}

  static String reason(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t && isWiringWrapper(t)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static boolean isWiringWrapper(Throwable t) {
    String name = t.getClass().getName();
    return name.startsWith("org.springframework.beans.")
        || name.equals("org.springframework.context.ApplicationContextException");
  }
}
