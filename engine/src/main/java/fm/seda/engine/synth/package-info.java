/**
 * A synthetic but realistic music world for demos, tests and evaluation: power-law artist
 * popularity, genre-coherent playlists and rooms, a clustered friend graph and per-user listening
 * summaries. Deterministic for a given seed.
 */
@NullMarked
package fm.seda.engine.synth;

import org.jspecify.annotations.NullMarked;
