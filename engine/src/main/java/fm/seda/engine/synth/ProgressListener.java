package fm.seda.engine.synth;

/** Told how far long work has come; {@code total} is fixed for a phase. */
@FunctionalInterface
public interface ProgressListener {

  void progress(String phase, long done, long total);

  ProgressListener NONE = (phase, done, total) -> {};
}
