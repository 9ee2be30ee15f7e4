package fm.seda.regions;

/**
 * A personal write aimed at a database that does not hold its owner's data: refused before it
 * reaches the database ({@link RegionalDatabase#requireLocalOwners}), which would refuse it again.
 * Always a routing bug in the caller, never the user's doing.
 */
public class ResidencyViolation extends IllegalStateException {

  public ResidencyViolation(String message) {
    super(message);
  }
}
