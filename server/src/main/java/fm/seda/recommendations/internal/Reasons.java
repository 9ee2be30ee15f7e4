package fm.seda.recommendations.internal;

import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateFeatures;
import fm.seda.engine.ranking.Signal;
import fm.seda.recommendations.FriendAvatars;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one-line reason on a card. It always names the signal that contributed most to the item's
 * score ({@link fm.seda.engine.ranking.LinearScore#dominant()}), with a fact from that signal's
 * features, so a reason is never a guess: "3 of your friends are in #electronic right now" is shown
 * only when social won and three friends are present. Friends are named only when they let their
 * presence be seen; otherwise the sentence counts them.
 */
final class Reasons {

  /** What a reason needs besides the candidate. */
  record Context(FriendAvatars friends, @Nullable String anchorName, List<String> chosenGenres) {}

  record Reason(String text, Signal kind) {}

  private Reasons() {}

  static Reason of(RankedItem item, Context context) {
    Signal kind = item.score().dominant();
    Candidate c = item.candidate();
    CandidateFeatures f = c.features();
    String text =
        switch (kind) {
          case SOCIAL -> social(c, f, context.friends());
          case CONTENT -> content(c, context);
          case COLLABORATIVE ->
              c.entityType().equals("person")
                  ? "Listens like you do"
                  : "Listeners with taste like yours enjoy this";
          case POPULARITY -> popularity(c, f);
        };
    return new Reason(text, kind);
  }

  private static String social(Candidate c, CandidateFeatures f, FriendAvatars friends) {
    if (c.entityType().equals("person")) {
      return f.friendCount() == 1 ? "1 mutual friend" : f.friendCount() + " mutual friends";
    }
    if (c.entityType().equals("room") && f.friendPresenceCount() > 0) {
      int present = f.friendPresenceCount();
      if (present == 1 && f.friendCount() == 1 && friends.shown().size() == 1) {
        return nameOf(friends.shown().getFirst()) + " is here — join them";
      }
      if (present == 1) {
        return "A friend of yours is here right now";
      }
      String genre = genre(c, null);
      return present
          + " of your friends are "
          + (genre == null ? "here" : "in #" + genre)
          + " right now";
    }
    int count = f.friendCount();
    if (count == 1 && friends.shown().size() == 1) {
      return nameOf(friends.shown().getFirst()) + " is into this";
    }
    return count == 1 ? "A friend of yours is into this" : count + " of your friends are into this";
  }

  private static String content(Candidate c, Context context) {
    if (context.anchorName() != null) {
      return "Because you like " + context.anchorName();
    }
    for (String genre : c.genres()) {
      if (context.chosenGenres().contains(genre)) {
        return "Because you chose " + genre;
      }
    }
    return "Close to your taste";
  }

  private static String popularity(Candidate c, CandidateFeatures f) {
    String genre = genre(c, null);
    String where = genre == null ? "on seda" : "in " + genre;
    return (f.trending() > 0.2 ? "Trending " : "Popular ") + where + " this week";
  }

  private static @Nullable String genre(Candidate c, @Nullable String otherwise) {
    return c.genres().isEmpty() ? otherwise : c.genres().getFirst();
  }

  private static String nameOf(FriendAvatars.Friend friend) {
    return friend.displayName() == null ? "A friend" : friend.displayName();
  }
}
