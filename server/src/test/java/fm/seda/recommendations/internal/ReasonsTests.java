package fm.seda.recommendations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateFeatures;
import fm.seda.candidates.CandidateSource;
import fm.seda.engine.ranking.LinearScorer;
import fm.seda.engine.ranking.RankingSignals;
import fm.seda.engine.ranking.RankingWeights;
import fm.seda.engine.ranking.Signal;
import fm.seda.recommendations.FriendAvatars;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each reason names the signal that contributed most, with a fact from that signal's features. */
class ReasonsTests {

  static final UUID ALEX = UUID.randomUUID();

  static Candidate candidate(String type, List<String> genres, CandidateFeatures features) {
    return new Candidate(
        type,
        UUID.randomUUID(),
        genres,
        features,
        Map.of(CandidateSource.CONTENT, 0.5),
        false,
        null);
  }

  static CandidateFeatures features(
      double similarity,
      int present,
      int friends,
      List<UUID> named,
      double popularity,
      double trend) {
    return new CandidateFeatures(similarity, 0, present, friends, named, 1, popularity, trend, 0.5);
  }

  static RankedItem ranked(Candidate c) {
    RankingSignals signals = FeedRanker.signals(c.features());
    return new RankedItem(
        c,
        signals,
        new LinearScorer(RankingWeights.DEFAULT).score(signals),
        0,
        0,
        true,
        c.vector());
  }

  static FriendAvatars shown(Candidate c, String... names) {
    var friends = new java.util.ArrayList<FriendAvatars.Friend>();
    for (int i = 0; i < names.length; i++) {
      friends.add(new FriendAvatars.Friend(c.features().namedFriends().get(i), names[i]));
    }
    int count = c.features().friendCount();
    return new FriendAvatars(friends, count, count - friends.size(), friends.size() < count);
  }

  static Reasons.Reason reason(Candidate c, FriendAvatars friends, String anchor) {
    return Reasons.of(ranked(c), new Reasons.Context(friends, anchor, List.of("house")));
  }

  @Test
  void threeFriendsInARoomIsASocialReasonNamingTheRoomsGenre() {
    // social: s = 2·3 + 3 = 9 → 9/11 = 0.82 × 0.15 = 0.12 beats content 0.1 × 0.5 = 0.05
    Candidate room =
        candidate("room", List.of("electronic"), features(0.1, 3, 3, List.of(), 0.2, 0));

    Reasons.Reason r = reason(room, shown(room), null);

    assertThat(r.kind()).isEqualTo(Signal.SOCIAL);
    assertThat(r.text()).isEqualTo("3 of your friends are in #electronic right now");
  }

  @Test
  void oneVisibleFriendIsNamedAndOneHiddenFriendIsNot() {
    Candidate withAlex = candidate("room", List.of("jazz"), features(0, 1, 1, List.of(ALEX), 0, 0));
    Candidate withHidden = candidate("room", List.of("jazz"), features(0, 1, 1, List.of(), 0, 0));

    assertThat(reason(withAlex, shown(withAlex, "Alex"), null).text())
        .isEqualTo("Alex is here — join them");
    assertThat(reason(withHidden, shown(withHidden), null).text())
        .isEqualTo("A friend of yours is here right now");
  }

  @Test
  void tasteReasonNamesTheClosestLikedArtistOrElseTheChosenGenre() {
    Candidate artist =
        candidate("artist", List.of("house"), features(0.9, 0, 0, List.of(), 0.2, 0));

    assertThat(reason(artist, FriendAvatars.NONE, "Daft Punk").text())
        .isEqualTo("Because you like Daft Punk");
    Reasons.Reason byGenre = reason(artist, FriendAvatars.NONE, null);
    assertThat(byGenre.kind()).isEqualTo(Signal.CONTENT);
    assertThat(byGenre.text()).isEqualTo("Because you chose house");
  }

  @Test
  void popularityReasonSaysTrendingOnlyWhenTheItemIsRising() {
    Candidate rising =
        candidate("playlist", List.of("deep house"), features(0, 0, 0, List.of(), 0.9, 1.0));
    Candidate steady =
        candidate("playlist", List.of("deep house"), features(0, 0, 0, List.of(), 0.9, 0));

    assertThat(reason(rising, FriendAvatars.NONE, null).text())
        .isEqualTo("Trending in deep house this week");
    assertThat(reason(steady, FriendAvatars.NONE, null))
        .isEqualTo(new Reasons.Reason("Popular in deep house this week", Signal.POPULARITY));
  }

  @Test
  void signalMappingSaturatesSocialAndIgnoresFallingTrends() {
    RankingSignals one = FeedRanker.signals(features(-0.4, 1, 1, List.of(), 0.5, -2));

    assertThat(one.content()).isZero();
    assertThat(one.social()).isEqualTo(3.0 / 5.0);
    assertThat(one.popularity()).isEqualTo(0.35);
  }
}
