package fm.seda.regions;

/**
 * A regional database. {@code EU} holds EU residents' personal data, {@code US} everyone else's.
 */
public enum Region {
  EU("eu"),
  US("us");

  private final String code;

  Region(String code) {
    this.code = code;
  }

  /** The short lower-case code stored in each database's {@code seda_database.region}. */
  public String code() {
    return code;
  }

  public static Region fromCode(String code) {
    for (Region region : values()) {
      if (region.code.equalsIgnoreCase(code.trim())) {
        return region;
      }
    }
    throw new IllegalArgumentException("unknown region '" + code + "' (expected 'eu' or 'us')");
  }

  /** The residency whose users this region stores. */
  public DataResidency residency() {
    return this == EU ? DataResidency.EU : DataResidency.NON_EU;
  }
}
