package fm.seda.engine.synth;

import java.util.Locale;
import java.util.SplittableRandom;

/** Plausible names for artists, playlists, rooms and people, built from small word lists. */
final class Names {

  private static final String[] ADJECTIVES = {
    "Velvet", "Neon", "Golden", "Silent", "Electric", "Midnight", "Crystal", "Wild", "Lunar",
        "Solar",
    "Hidden", "Paper", "Broken", "Blue", "Crimson", "Hollow", "Static", "Gentle", "Savage",
        "Northern",
    "Southern", "Lucky", "Faded", "Bright", "Secret", "Cosmic", "Rusty", "Sweet", "Restless",
        "Silver"
  };
  private static final String[] NOUNS = {
    "Foxes", "Rivers", "Engines", "Ghosts", "Pilots", "Wolves", "Gardens", "Mirrors", "Satellites",
    "Horses", "Lanterns", "Tigers", "Waves", "Machines", "Saints", "Strangers", "Orchids", "Comets",
    "Drifters", "Owls", "Kings", "Sisters", "Brothers", "Sparrows", "Islands", "Harbors", "Clouds"
  };
  private static final String[] FIRST = {
    "Ada", "Milo", "Nina", "Oscar", "Lena", "Kofi", "Yuki", "Ines", "Rafa", "Zara", "Theo", "Maya",
    "Idris", "Sofia", "Jonas", "Amara", "Luca", "Noor", "Elif", "Mateo", "Chloe", "Tariq", "Freya",
    "Kenji", "Ayla", "Bruno", "Leila", "Nico", "Ola", "Sami", "Vera", "Emeka", "Hana", "Dario"
  };
  private static final String[] SYLLABLES = {
    "ka", "lu", "mi", "ro", "sa", "ve", "no", "ta", "ri", "el", "an", "zo", "be", "da", "fi", "ko",
    "la", "ma", "ne", "po", "qu", "re", "si", "tu", "va", "wi", "xo", "ya", "ze", "or"
  };
  private static final String[] MOODS = {
    "Late Night",
    "Morning",
    "Sunday",
    "Workout",
    "Focus",
    "Road Trip",
    "Rainy Day",
    "Summer",
    "Deep",
    "Essential",
    "Fresh",
    "Throwback",
    "Chill",
    "Party",
    "Lo-Key",
    "After Hours",
    "Golden Hour"
  };
  private static final String[] PLAYLIST_NOUNS = {
    "Mix",
    "Essentials",
    "Radar",
    "Session",
    "Selects",
    "Diaries",
    "Heat",
    "Classics",
    "Vibes",
    "Hits"
  };

  private final SplittableRandom random;

  Names(SplittableRandom random) {
    this.random = random;
  }

  String artist() {
    return switch (random.nextInt(5)) {
      case 0 -> "The " + pick(ADJECTIVES) + " " + pick(NOUNS);
      case 1 -> pick(FIRST) + " " + capitalised(word(2 + random.nextInt(2)));
      case 2 -> capitalised(word(2 + random.nextInt(2)));
      case 3 -> pick(ADJECTIVES) + " " + pick(NOUNS);
      default -> "DJ " + capitalised(word(2));
    };
  }

  String playlist(String genre) {
    return random.nextBoolean()
        ? pick(MOODS) + " " + titleCase(genre)
        : titleCase(genre) + " " + pick(PLAYLIST_NOUNS);
  }

  String room(String genre) {
    String tag =
        genre.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return "#" + tag + " " + pick(MOODS).toLowerCase(Locale.ROOT);
  }

  String handle(int index) {
    return pick(FIRST).toLowerCase(Locale.ROOT) + "_" + word(2) + index;
  }

  private String pick(String[] words) {
    return words[random.nextInt(words.length)];
  }

  private String word(int syllables) {
    var sb = new StringBuilder();
    for (int i = 0; i < syllables; i++) {
      sb.append(pick(SYLLABLES));
    }
    return sb.toString();
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String titleCase(String s) {
    var sb = new StringBuilder();
    for (String part : s.split(" ")) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(capitalised(part));
    }
    return sb.toString();
  }
}
