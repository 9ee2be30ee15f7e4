/**
 * Two-approver admin overrides (engineering spec, "Admin & override workflows"). This module holds
 * the check that other modules consult before doing what only an executed override allows; the
 * request/approve/execute workflow that fills {@code admin_overrides} is a later issue.
 */
@NullMarked
package fm.seda.overrides;

import org.jspecify.annotations.NullMarked;
