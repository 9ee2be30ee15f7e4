package fm.seda.regions;

/**
 * A table of personal rows and the column naming their owner (a {@code users.id}): one the database
 * guards with a {@code residency_guard} trigger ({@link RegionalDatabase#personalTables()}).
 */
public record PersonalTable(String name, String ownerColumn) {}
