/**
 * Regional data planes. Every personal row lives in the database of its owner's {@link
 * fm.seda.regions.DataResidency}; catalog rows live in both. No module talks to "the" database: it
 * asks the {@link fm.seda.regions.RegionRouter} for the database of a region or a residency.
 */
@NullMarked
package fm.seda.regions;

import org.jspecify.annotations.NullMarked;
