/** The events module's storage, validation rules, HTTP endpoints and retention job. */
@NullMarked
package fm.seda.events.internal;

import org.jspecify.annotations.NullMarked;
