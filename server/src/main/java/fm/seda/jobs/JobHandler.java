package fm.seda.jobs;

/**
 * Runs one kind of job. {@code essential} jobs keep running when the spend cap stops non-essential
 * work. A handler that throws has its job retried with backoff, up to five attempts.
 */
public interface JobHandler {

  String kind();

  boolean essential();

  void run(Job job) throws Exception;
}
