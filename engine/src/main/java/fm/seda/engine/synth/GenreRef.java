package fm.seda.engine.synth;

/** A genre of the taxonomy the world is built from: its family and its name. */
public record GenreRef(String family, String name) {}
