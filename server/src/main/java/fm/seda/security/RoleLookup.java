package fm.seda.security;

import java.util.Optional;

/**
 * Where authorization comes from: the role stored for an account. Implemented by the accounts
 * module; the security module owns the interface so that the dependency points from accounts to
 * security.
 */
public interface RoleLookup {

  /**
   * The {@code users.role} of the account whose {@code auth_user_id} is {@code subject}, if any.
   */
  Optional<String> roleOf(String subject);
}
