/**
 * Residency decisions and moves: which region a user's data belongs to ({@code
 * users.data_residency}, decided from signals by precedence), how it changes (the user's own
 * declaration with re-auth and typed confirmation, verified billing/KYC/subscription signals, a
 * time-boxed two-approver admin override), and the crash-safe job that moves a user's rows to the
 * new region's database. The regional databases themselves are {@link fm.seda.regions}.
 */
@NullMarked
package fm.seda.residency;

import org.jspecify.annotations.NullMarked;
