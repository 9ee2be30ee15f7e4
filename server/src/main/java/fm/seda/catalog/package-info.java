/**
 * The catalog of artists, playlists and rooms, replicated to both regions, and the genre taxonomy.
 * Other modules use {@link fm.seda.catalog.Catalog} and {@link fm.seda.catalog.GenreTaxonomy}.
 */
@NullMarked
package fm.seda.catalog;

import org.jspecify.annotations.NullMarked;
