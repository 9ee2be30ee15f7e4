/**
 * Authentication compatible with Supabase Auth: bearer JWTs verified with an HS256 secret or a JWKS
 * URL, {@code sub} naming the account. Authorization comes from {@code users.role} through {@link
 * fm.seda.security.RoleLookup}, never from token claims.
 */
@NullMarked
package fm.seda.security;

import org.jspecify.annotations.NullMarked;
