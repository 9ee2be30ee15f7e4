package fm.seda.engine.evaluation;

/** An input file that is not in the expected format: says which file, which line and why. */
public class DatasetFormatException extends RuntimeException {

  public DatasetFormatException(String message) {
    super(message);
  }
}
