package fm.seda.jobs;

/**
 * What may run now, decided outside the queue (by the embedding spend governor): how many jobs at
 * once, and whether non-essential jobs may start at all.
 */
public interface JobGate {

  int concurrency();

  boolean nonEssentialAllowed();

  /** Everything allowed, four at a time: the gate when nothing else is configured. */
  JobGate OPEN =
      new JobGate() {
        @Override
        public int concurrency() {
          return 4;
        }

        @Override
        public boolean nonEssentialAllowed() {
          return true;
        }
      };
}
