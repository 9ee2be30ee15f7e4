package fm.seda.social;

import java.util.UUID;

/** Someone the user is not connected to yet, and how many of the user's friends are. */
public record SuggestedPerson(UUID userId, int mutualFriends) {}
