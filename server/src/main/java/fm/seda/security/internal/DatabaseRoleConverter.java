package fm.seda.security.internal;

import fm.seda.security.RoleLookup;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Grants authorities from the account's {@code users.role}. Claims such as Supabase's {@code role}
 * or {@code app_metadata} are ignored on purpose: whoever can mint a token must not be able to mint
 * an admin.
 */
final class DatabaseRoleConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final RoleLookup roles;

  DatabaseRoleConverter(RoleLookup roles) {
    this.roles = roles;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new InvalidBearerTokenException("The token has no 'sub' claim");
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
    roles
        .roleOf(subject)
        .ifPresent(
            role -> {
              switch (role) {
                case "super_admin" -> {
                  authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
                  authorities.add(new SimpleGrantedAuthority("ROLE_SUPER_ADMIN"));
                }
                case "admin" -> authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
                case "artist" -> authorities.add(new SimpleGrantedAuthority("ROLE_ARTIST"));
                default -> {}
              }
            });
    return new JwtAuthenticationToken(jwt, authorities, subject);
  }
}
