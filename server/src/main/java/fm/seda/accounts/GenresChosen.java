package fm.seda.accounts;

import fm.seda.regions.DataResidency;
import java.util.List;
import java.util.UUID;

/** A user chose their onboarding genres; taste vectors and the first feed start from here. */
public record GenresChosen(UUID userId, DataResidency residency, List<String> genres) {}
