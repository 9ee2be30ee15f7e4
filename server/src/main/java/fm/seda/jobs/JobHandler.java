package fm.seda.jobs;

/**
 * Runs one kind of job. {@code essential} jobs keep running when the spend cap stops non-essential
 * work. A handler that throws has its job retried with backoff, up to five attempts.
 */
public interface JobHandler {

  String kind();

  boolean essential();

  void run(Job job) throws Exception;

  /** What a handler does with a job. */
  @FunctionalInterface
  interface Work {
    void run(Job job) throws Exception;
  }

  /** A handler of {@code kind} that does {@code work}: the usual way to declare one as a bean. */
  static JobHandler of(String kind, boolean essential, Work work) {
    return new JobHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public boolean essential() {
        return essential;
      }

      @Override
      public void run(Job job) throws Exception {
        work.run(job);
      }
    };
  }
}
