/**
 * Accounts and onboarding: the account of a token's subject, its genres, preferences and privacy
 * settings. Each account lives in the database of its {@code data_residency}; {@link
 * fm.seda.accounts.Accounts} finds it there.
 */
@NullMarked
package fm.seda.accounts;

import org.jspecify.annotations.NullMarked;
