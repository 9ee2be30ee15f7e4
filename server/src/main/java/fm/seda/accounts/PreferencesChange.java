package fm.seda.accounts;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A partial update of {@link Preferences}: absent fields stay as they are. */
public record PreferencesChange(
    @Nullable @Size(max = 10)
        List<
                @jakarta.validation.constraints.NotNull
                @Pattern(
                    regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*",
                    message = "must be a BCP 47 language tag such as 'en' or 'pt-BR'")
                String>
            locales,
    @Nullable
        @Pattern(regexp = "spotify|apple|none", message = "must be one of spotify, apple, none")
        String preferredProvider,
    @Nullable Boolean explicitContent) {}
