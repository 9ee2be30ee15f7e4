package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import fm.seda.social.FriendSignal;
import fm.seda.social.SuggestedPerson;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Social: rooms with friends in them now, rooms friends joined lately, artists they follow,
 * playlists they saved, and friends of friends. Each friend counts once per item and kind, with
 * weights {@value #PRESENT} (in the room now), {@value #JOINED} (joined within the window), {@value
 * #FOLLOWS} (follows, saved); the score is {@code 1 − e^(−Σ weights)}, so the first friends matter
 * most and many friends saturate towards 1. A person's score is {@code 1 − e^(−mutual / 3)}.
 */
@Component
class SocialSource implements CandidateGenerator {

  static final double PRESENT = 1.0;
  static final double JOINED = 0.5;
  static final double FOLLOWS = 0.3;

  @Override
  public CandidateSource source() {
    return CandidateSource.SOCIAL;
  }

  @Override
  public Map<ItemKey, Double> propose(UserContext user) {
    var sums = new HashMap<ItemKey, Double>();
    record Counted(FriendSignal.Kind kind, UUID entityId, UUID friendId) {}
    Set<Counted> counted = new HashSet<>();
    for (FriendSignal s : user.friendSignals()) {
      if (!user.request().entityTypes().contains(s.entityType())
          || user.excluded().contains(s.entityId())
          || !counted.add(new Counted(s.kind(), s.entityId(), s.friendId()))) {
        continue;
      }
      double weight =
          switch (s.kind()) {
            case PRESENT_NOW -> PRESENT;
            case JOINED -> JOINED;
            case FOLLOWS, SAVED -> FOLLOWS;
          };
      sums.merge(new ItemKey(s.entityType(), s.entityId()), weight, Double::sum);
    }
    var proposed = new LinkedHashMap<ItemKey, Double>();
    Map<String, Integer> perType = new HashMap<>();
    sums.entrySet().stream()
        .sorted(
            Map.Entry.<ItemKey, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(e -> e.getKey().entityId()))
        .forEach(
            e -> {
              if (perType.merge(e.getKey().entityType(), 1, Integer::sum)
                  <= user.request().perSource()) {
                proposed.put(e.getKey(), 1 - Math.exp(-e.getValue()));
              }
            });
    for (SuggestedPerson person : user.suggestedPeople()) {
      UUID id = person.userId();
      if (!user.excluded().contains(id)) {
        proposed.put(new ItemKey("person", id), 1 - Math.exp(-person.mutualFriends() / 3.0));
      }
    }
    return proposed;
  }
}
