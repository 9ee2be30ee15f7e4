package fm.seda.recommendations.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import fm.seda.accounts.Account;
import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidatePage;
import fm.seda.candidates.CandidateRequest;
import fm.seda.candidates.CandidateSet;
import fm.seda.candidates.Candidates;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.engine.ranking.RankingWeights;
import fm.seda.engine.ranking.Signal;
import fm.seda.engine.simd.Dot;
import fm.seda.events.Events;
import fm.seda.recommendations.Feed;
import fm.seda.recommendations.FeedItem;
import fm.seda.recommendations.FeedModule;
import fm.seda.recommendations.FeedModule.EmbeddingProvenance;
import fm.seda.recommendations.FriendAvatars;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.StoredVectors;
import fm.seda.web.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ranks, stores and serves feeds. A feed request is served from this node's memory, else from the
 * stored snapshot while it is good (not expired, not stale), else ranked now: candidates, scores,
 * diversity, reasons, then written to {@code recommendations} and {@code feed_snapshots} in one
 * transaction before it is served, so every served item has a row that impressions, clicks,
 * dismissals and "why" can name. When ranking fails and an older feed is stored, that feed is
 * served with {@code fresh = false} rather than an error.
 */
@Service
public class FeedService {

  public static final Set<String> SURFACES = Set.of("home");

  /** A module of the home feed: its key in the response and its title. */
  record ModuleSpec(String key, String title) {}

  /** The home feed's modules by entity type, in order. */
  static final Map<String, ModuleSpec> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("room", new ModuleSpec("rooms", "Recommended Rooms for You"));
    MODULES.put("playlist", new ModuleSpec("playlists", "Playlists for You"));
    MODULES.put("artist", new ModuleSpec("artists", "Artists for You"));
    MODULES.put("person", new ModuleSpec("people", "People You May Know"));
  }

  /** Items shown in the last 30 days are not novel any more. */
  static final Duration IMPRESSION_MEMORY = Duration.ofDays(30);

  private static final Logger log = LoggerFactory.getLogger(FeedService.class);

  private final Candidates candidates;
  private final Events events;
  private final StoredVectors vectors;
  private final FeedStore store;
  private final RegionRouter regions;
  private final RankingProperties properties;
  private final FeedRanker ranker;
  private final Clock clock;
  private final Cache<Key, Served> cache;
  private final JsonMapper json;
  private final Timer rankTimer;
  private final MeterRegistry meters;

  private record Key(UUID userId, String surface) {}

  /**
   * A cached feed and its JSON. The JSON is written once per cached feed: serialising a 50-item
   * feed was a third of the CPU of a cached request (JFR, docs/BENCHMARKS.md).
   */
  private record Served(Feed feed, byte[] json) {}

  FeedService(
      Candidates candidates,
      Events events,
      StoredVectors vectors,
      FeedStore store,
      RegionRouter regions,
      RankingProperties properties,
      Clock clock,
      MeterRegistry meters,
      JsonMapper json) {
    this.json = json;
    this.meters = meters;
    this.candidates = candidates;
    this.events = events;
    this.vectors = vectors;
    this.store = store;
    this.regions = regions;
    this.properties = properties;
    this.ranker = new FeedRanker(properties.diversity());
    this.clock = clock;
    Duration ttl = properties.cacheTtl();
    // an entry lives for the cache TTL, but never past the expiry of the feed it holds
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheSize())
            .expireAfter(
                Expiry.creating(
                    (Key k, Served served) -> {
                      Feed f = served.feed();
                      // a stale fallback (fresh = false) is not kept: the next request retries
                      Duration left = Duration.between(clock.instant(), f.expiresAt());
                      if (!f.fresh() || left.isNegative()) {
                        return Duration.ZERO;
                      }
                      return left.compareTo(ttl) < 0 ? left : ttl;
                    }))
            .recordStats()
            .build();
    this.rankTimer =
        Timer.builder("seda_feed_rank_seconds")
            .description(
                "Ranking one user's feed: candidates, scoring, diversity, storing (the nightly"
                    + " batch stores a page at once: stage store)")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(meters);
  }

  /** The user's feed for {@code surface}: from memory, the stored snapshot, or ranked now. */
  public Feed feed(Account account, String surface) {
    return served(account, surface).feed();
  }

  /** The same feed as {@link #feed}, as the JSON the API sends. */
  public byte[] feedJson(Account account, String surface) {
    return served(account, surface).json();
  }

  private Served served(Account account, String surface) {
    requireSurface(surface);
    return cache.get(new Key(account.id(), surface), k -> serve(loadOrRank(account, surface)));
  }

  private Served serve(Feed feed) {
    return new Served(feed, json.writeValueAsBytes(feed));
  }

  /** Ranks the user's feed now and stores it ({@code source}: batch or real-time). */
  public Feed rank(Account account, String surface, String source) {
    requireSurface(surface);
    Feed feed = rankTimer.record(() -> rankNow(account, surface, source));
    // the nightly batch would flood the cache with feeds of users who are not around
    if (source.equals("batch")) {
      cache.invalidate(new Key(account.id(), surface));
    } else {
      cache.put(new Key(account.id(), surface), serve(feed));
    }
    return feed;
  }

  /**
   * Forgets every node's copy of the user's feeds, so the next request anywhere reads the stored
   * one: this node's now, the others' when the announcement on {@value
   * FeedEvictionListener#CHANNEL} reaches them (sent in the user's regional database; delivered in
   * well under a second).
   */
  public void evict(UUID userId, DataResidency residency) {
    forget(userId);
    regions
        .forResidency(residency)
        .jdbc()
        .sql("SELECT pg_notify(?, ?)")
        .params(FeedEvictionListener.CHANNEL, userId.toString())
        .query((rs, n) -> 1)
        .list();
  }

  /** Forgets this node's copy of the user's feeds only (another node announced a change). */
  void forget(UUID userId) {
    for (String surface : SURFACES) {
      cache.invalidate(new Key(userId, surface));
    }
  }

  /** The user's signals changed: the stored feed is ranked again on the next request. */
  public void signalsChanged(Account account) {
    signalsChanged(account.id(), account.dataResidency());
  }

  void signalsChanged(UUID userId, DataResidency residency) {
    store.markStale(regions.forResidency(residency), userId);
    evict(userId, residency);
  }

  RegionalDatabase db(Account account) {
    return regions.forResidency(account.dataResidency());
  }

  private Feed loadOrRank(Account account, String surface) {
    RegionalDatabase db = db(account);
    Instant now = clock.instant();
    Optional<Snapshot> snapshot = store.snapshot(db, account.id(), surface);
    if (snapshot.isPresent() && snapshot.get().servable(now)) {
      return load(db, account, surface, snapshot.get(), true);
    }
    try {
      return rankTimer.record(() -> rankNow(account, surface, "real-time"));
    } catch (RuntimeException e) {
      if (snapshot.isEmpty()) {
        throw e;
      }
      log.warn(
          "Feed of user {} not ranked ({}); serving the stored one from {}",
          account.id(),
          e.getMessage(),
          snapshot.get().computedAt());
      return load(db, account, surface, snapshot.get(), false);
    }
  }

  /** A stored feed, minus what the user dismissed since it was ranked. */
  private Feed load(
      RegionalDatabase db, Account account, String surface, Snapshot snapshot, boolean fresh) {
    record Stored(Set<UUID> suppressed, List<FeedStore.StoredRow> rows) {}
    // read as the user, under row-level security: the database itself keeps others' rows out
    Stored stored =
        db.asUser(
            account.id(),
            j ->
                new Stored(
                    store.suppressed(db, account.id()), store.batch(db, snapshot.batchId())));
    Set<UUID> suppressed = stored.suppressed();
    var byType = new LinkedHashMap<String, List<FeedItem>>();
    MODULES.keySet().forEach(t -> byType.put(t, new ArrayList<>()));
    for (FeedStore.StoredRow row : stored.rows()) {
      if (!suppressed.contains(row.entityId())) {
        byType.computeIfAbsent(row.entityType(), t -> new ArrayList<>()).add(row.context().item());
      }
    }
    return feed(account.id(), surface, snapshot, fresh, byType);
  }

  private Feed feed(
      UUID userId,
      String surface,
      Snapshot snapshot,
      boolean fresh,
      Map<String, List<FeedItem>> byType) {
    FeedHeader header = snapshot.header();
    var modules = new ArrayList<FeedModule>();
    int items = 0;
    int novel = 0;
    for (var entry : byType.entrySet()) {
      if (properties.moduleSizes().of(entry.getKey()) == 0) {
        continue;
      }
      for (FeedItem item : entry.getValue()) {
        items++;
        novel += item.novel() ? 1 : 0;
      }
      ModuleSpec spec = MODULES.get(entry.getKey());
      if (spec == null) {
        continue; // a type this version does not show
      }
      modules.add(
          new FeedModule(
              spec.key(),
              spec.title(),
              entry.getKey(),
              header.modelVersion(),
              header.embedding(),
              entry.getValue()));
    }
    return new Feed(
        userId,
        surface,
        snapshot.batchId(),
        snapshot.source(),
        snapshot.computedAt(),
        snapshot.expiresAt(),
        fresh,
        header.variant(),
        items == 0 ? 0 : (double) novel / items,
        modules);
  }

  private Feed rankNow(Account account, String surface, String source) {
    RegionalDatabase db = db(account);
    UUID userId = account.id();
    Instant now = clock.instant();
    Set<UUID> suppressed = stage("history", () -> store.suppressed(db, userId));
    Selection selection =
        select(
            account,
            surface,
            source,
            suppressed,
            request -> candidates.propose(account, request),
            () -> events.shownSince(userId, account.dataResidency(), now.minus(IMPRESSION_MEMORY)),
            now);
    Lookups lookups = stage("lookups", () -> lookups(db, List.of(selection)));
    Ranked ranked = stage("explain", () -> explain(selection, lookups));
    stage("store", () -> store.save(db, userId, surface, ranked.snapshot(), ranked.rows()));
    return ranked.feed();
  }

  /** A feed ranked and explained, with the rows that store it. */
  private record Ranked(Feed feed, Snapshot snapshot, List<FeedStore.NewRow> rows) {}

  /** What a page of users' ranking came to. */
  record PageResult(int ranked, int failed) {}

  /**
   * Ranks and stores the feeds of a page of users of one residency ({@code source} batch, the
   * nightly job): what ranking reads per user is read for the whole page at once (dismissals,
   * impressions, candidate context), the users are ranked on {@code pool}, the names and cards
   * their feeds show are read for all of them at once, they are explained on {@code pool}, and
   * their feeds stored in one transaction. A user whose ranking fails is skipped and logged; if the
   * page's write fails, its feeds are written one at a time, so one bad row costs one user.
   */
  PageResult rankPage(List<Account> accounts, String surface, String source, ExecutorService pool)
      throws InterruptedException {
    return rankPage(readPage(accounts, surface), source, pool);
  }

  /** What a page of users' ranking reads before any of them is ranked. */
  record PageContext(
      List<Account> accounts,
      String surface,
      Instant now,
      Map<UUID, Set<UUID>> suppressed,
      Map<UUID, Set<UUID>> impressed,
      CandidatePage candidates) {}

  /**
   * Reads a page's context ({@link #rankPage(List, String, String, ExecutorService)}'s first half):
   * the nightly job reads the next page while the current one is ranked.
   */
  PageContext readPage(List<Account> accounts, String surface) {
    requireSurface(surface);
    Instant now = clock.instant();
    if (accounts.isEmpty()) {
      return new PageContext(
          accounts, surface, now, Map.of(), Map.of(), candidates.page(accounts, 1));
    }
    DataResidency residency = accounts.getFirst().dataResidency();
    RegionalDatabase db = regions.forResidency(residency);
    List<UUID> ids = accounts.stream().map(Account::id).toList();
    return new PageContext(
        accounts,
        surface,
        now,
        store.suppressed(db, ids),
        events.shownSince(ids, residency, now.minus(IMPRESSION_MEMORY)),
        candidates.page(accounts, properties.candidatesPerSource()));
  }

  /**
   * Ranks the users of a page read by {@link #readPage} on {@code pool}, and stores their feeds.
   */
  PageResult rankPage(PageContext context, String source, ExecutorService pool)
      throws InterruptedException {
    List<Account> accounts = context.accounts();
    if (accounts.isEmpty()) {
      return new PageResult(0, 0);
    }
    CandidatePage page = context.candidates();
    String surface = context.surface();
    Instant now = context.now();
    Map<UUID, Set<UUID>> suppressed = context.suppressed();
    Map<UUID, Set<UUID>> impressed = context.impressed();
    RegionalDatabase db = regions.forResidency(accounts.getFirst().dataResidency());
    var selections = new ArrayList<Callable<@Nullable Selection>>(accounts.size());
    for (Account account : accounts) {
      selections.add(
          () ->
              notRankedIfFailing(
                  account.id(),
                  () ->
                      select(
                          account,
                          surface,
                          source,
                          suppressed.getOrDefault(account.id(), Set.of()),
                          request -> page.propose(account, request),
                          () -> impressed.getOrDefault(account.id(), Set.of()),
                          now)));
    }
    List<Selection> selected = allOf(pool.invokeAll(selections));
    // names and cards of every feed on the page in a few queries, not a handful per user
    Lookups lookups = stage("lookups", () -> lookups(db, selected));
    var explanations = new ArrayList<Callable<@Nullable Ranked>>(selected.size());
    for (Selection selection : selected) {
      explanations.add(
          () ->
              notRankedIfFailing(
                  selection.account().id(),
                  () -> {
                    long start = System.nanoTime();
                    Ranked ranked = stage("explain", () -> explain(selection, lookups));
                    // a user's ranking time: selecting and explaining, not the wait between them
                    rankTimer.record(
                        Duration.ofNanos(selection.selectNanos() + System.nanoTime() - start));
                    return ranked;
                  }));
    }
    List<Ranked> done = allOf(pool.invokeAll(explanations));
    int stored = storePage(db, surface, done);
    done.forEach(r -> cache.invalidate(new Key(r.feed().userId(), surface)));
    return new PageResult(stored, accounts.size() - stored);
  }

  /** A user's step of a page: null, and logged, if it fails (one bad user costs one feed). */
  private static <T> @Nullable T notRankedIfFailing(UUID userId, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      log.warn("Feed of user {} not ranked: {}", userId, e.getMessage());
      return null;
    }
  }

  private static <T> List<T> allOf(List<Future<@Nullable T>> futures) throws InterruptedException {
    var done = new ArrayList<T>(futures.size());
    for (var future : futures) {
      try {
        T value = future.get();
        if (value != null) {
          done.add(value);
        }
      } catch (ExecutionException e) {
        log.warn("Feed ranking failed: {}", e.getCause().getMessage());
      }
    }
    return done;
  }

  private int storePage(RegionalDatabase db, String surface, List<Ranked> feeds) {
    try {
      stage(
          "store",
          () ->
              store.saveAll(
                  db,
                  surface,
                  feeds.stream()
                      .map(r -> new FeedStore.NewFeed(r.feed().userId(), r.snapshot(), r.rows()))
                      .toList()));
      return feeds.size();
    } catch (RuntimeException pageFailed) {
      log.warn(
          "Writing a page of {} feeds failed ({}); writing them one at a time",
          feeds.size(),
          pageFailed.getMessage());
      int stored = 0;
      for (Ranked r : feeds) {
        try {
          store.save(db, r.feed().userId(), surface, r.snapshot(), r.rows());
          stored++;
        } catch (RuntimeException e) {
          log.warn("Feed of user {} not stored: {}", r.feed().userId(), e.getMessage());
        }
      }
      return stored;
    }
  }

  /**
   * A user's feed ranked but not yet explained: explaining reads names and cards, which a page of
   * users reads at once ({@link #lookups}).
   */
  private record Selection(
      Account account,
      String surface,
      String source,
      CandidateSet proposed,
      Map<String, List<RankedItem>> ranked,
      Map.Entry<String, RankingWeights> variant,
      Instant now,
      long selectNanos) {

    /** Whether a reason may name one of the user's artists ("Because you like …"). */
    boolean namesAnArtist() {
      return !proposed.strongestArtists().isEmpty()
          && ranked.values().stream()
              .flatMap(List::stream)
              .anyMatch(r -> r.score().dominant() == Signal.CONTENT);
    }
  }

  /**
   * Ranks one user's feed from what was read for them: their active dismissals ({@code
   * suppressed}), their candidates for a request, and the items they were shown lately.
   */
  private Selection select(
      Account account,
      String surface,
      String source,
      Set<UUID> suppressed,
      Function<CandidateRequest, CandidateSet> propose,
      Supplier<Set<UUID>> shownLately,
      Instant now) {
    long start = System.nanoTime();
    Region region = account.dataResidency().region();
    UUID userId = account.id();
    Set<String> types = new HashSet<>();
    var sizes = new LinkedHashMap<String, Integer>();
    for (String type : MODULES.keySet()) {
      int size = properties.moduleSizes().of(type);
      sizes.put(type, size);
      if (size > 0) {
        types.add(type);
      }
    }
    if (types.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "feed-disabled",
          "Feed disabled",
          "every seda.ranking.module-sizes is 0");
    }
    CandidateSet proposed =
        stage(
            "candidates",
            () ->
                propose.apply(
                    new CandidateRequest(
                        types, properties.candidatesPerSource(), Set.of(), suppressed)));
    Set<UUID> impressed = stage("history", shownLately);
    Map.Entry<String, RankingWeights> variant = properties.assign(userId);

    Map<String, List<RankedItem>> ranked =
        stage(
            "select",
            () ->
                ranker.rank(
                    proposed.candidates(),
                    impressed,
                    variant.getValue(),
                    sizes,
                    (type, ids) -> {
                      var found = new HashMap<UUID, float[]>();
                      vectors
                          .fetch(region, type.equals("person") ? "user_taste" : type, ids)
                          .forEach((id, v) -> found.put(id, v.vector()));
                      return found;
                    }));
    return new Selection(
        account, surface, source, proposed, ranked, variant, now, System.nanoTime() - start);
  }

  /**
   * What explaining feeds reads, for any number of them at once: display names (friends on cards,
   * people recommended), cards by type, and the vectors of users' strongest artists.
   */
  private record Lookups(
      Map<UUID, @Nullable String> names,
      Map<String, Map<UUID, FeedStore.Card>> cards,
      Map<UUID, float[]> artistVectors) {

    Map<UUID, FeedStore.Card> cards(String type) {
      return cards.getOrDefault(type, Map.of());
    }
  }

  /** Reads the lookups of feeds of one residency: a query or two per kind, however many feeds. */
  private Lookups lookups(RegionalDatabase db, List<Selection> selections) {
    Set<UUID> people = new HashSet<>();
    var idsByType = new HashMap<String, Set<UUID>>();
    var anchors = new HashSet<UUID>();
    for (Selection selection : selections) {
      for (var module : selection.ranked().entrySet()) {
        for (RankedItem r : module.getValue()) {
          people.addAll(r.candidate().features().namedFriends());
          if (module.getKey().equals("person")) {
            people.add(r.candidate().entityId()); // a person's card is their display name
          } else {
            idsByType
                .computeIfAbsent(module.getKey(), t -> new HashSet<>())
                .add(r.candidate().entityId());
          }
        }
      }
      if (selection.namesAnArtist()) {
        anchors.addAll(selection.proposed().strongestArtists());
      }
    }
    // an anchor is named from its card
    idsByType.computeIfAbsent("artist", t -> new HashSet<>()).addAll(anchors);
    var cards = new HashMap<String, Map<UUID, FeedStore.Card>>();
    idsByType.forEach((type, ids) -> cards.put(type, store.cards(db, type, List.copyOf(ids))));
    var artistVectors = new HashMap<UUID, float[]>();
    if (!anchors.isEmpty()) {
      vectors
          .fetch(db.region(), "artist", anchors)
          .forEach((id, v) -> artistVectors.put(id, v.vector()));
    }
    return new Lookups(store.displayNames(people), cards, artistVectors);
  }

  private Ranked explain(Selection selection, Lookups lookups) {
    Account account = selection.account();
    String surface = selection.surface();
    String source = selection.source();
    CandidateSet proposed = selection.proposed();
    Map<String, List<RankedItem>> ranked = selection.ranked();
    Map.Entry<String, RankingWeights> variant = selection.variant();
    Instant now = selection.now();
    UUID userId = account.id();
    Map<UUID, @Nullable String> names = lookups.names();
    Anchors anchors = anchors(selection, lookups);

    EmbeddingMeta taste = proposed.taste();
    EmbeddingProvenance provenance =
        taste == null
            ? null
            : new EmbeddingProvenance(taste.provider(), taste.model(), taste.region());
    String modelVersion =
        "linear-v1;variant="
            + variant.getKey()
            + ";cf="
            + (proposed.collaborativeModel() == null ? "none" : proposed.collaborativeModel());
    var header = new FeedHeader(modelVersion, provenance, variant.getKey());
    Duration ttl = source.equals("batch") ? properties.batchTtl() : properties.realTimeTtl();
    var snapshot = new Snapshot(UUID.randomUUID(), source, now, now.plus(ttl), false, header);

    var rows = new ArrayList<FeedStore.NewRow>();
    var byType = new LinkedHashMap<String, List<FeedItem>>();
    for (var module : ranked.entrySet()) {
      String type = module.getKey();
      List<RankedItem> items = module.getValue();
      List<UUID> ids = items.stream().map(r -> r.candidate().entityId()).toList();
      Map<UUID, FeedStore.Card> cards =
          type.equals("person") ? FeedStore.personCards(ids, names) : lookups.cards(type);
      var cardsOut = new ArrayList<FeedItem>();
      for (RankedItem item : items) {
        FeedStore.Card card = cards.get(item.candidate().entityId());
        if (card == null) {
          continue; // deleted since it was proposed
        }
        FriendAvatars friends = avatars(item.candidate(), names);
        Reasons.Reason reason =
            Reasons.of(
                item,
                new Reasons.Context(
                    friends, anchors.nameFor(item), account.preferences().genres()));
        var feedItem =
            new FeedItem(
                UUID.randomUUID(),
                type,
                item.candidate().entityId(),
                card.name(),
                card.genres(),
                card.imageUrl(),
                cardsOut.size(),
                item.score().total(),
                reason.text(),
                reason.kind().name().toLowerCase(java.util.Locale.ROOT),
                item.novel(),
                friends,
                action(type),
                card.live(),
                card.participants());
        cardsOut.add(feedItem);
        rows.add(
            new FeedStore.NewRow(
                feedItem, modelVersion, context(surface, feedItem, item, variant, friends)));
      }
      byType.put(type, cardsOut);
    }
    return new Ranked(feed(userId, surface, snapshot, true, byType), snapshot, rows);
  }

  /**
   * Times one stage of ranking ({@code seda_feed_stage_seconds{stage}}: candidates, history,
   * select, lookups, explain and store; in the nightly batch, lookups is a whole page's read and
   * store a whole page's write), so a slow feed says where it went.
   */
  private <T> T stage(String name, java.util.function.Supplier<T> work) {
    return Timer.builder("seda_feed_stage_seconds")
        .description("One stage of ranking a feed")
        .tag("stage", name)
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(meters)
        .record(work);
  }

  private void stage(String name, Runnable work) {
    stage(
        name,
        () -> {
          work.run();
          return null;
        });
  }

  private RowContext context(
      String surface,
      FeedItem feedItem,
      RankedItem item,
      Map.Entry<String, RankingWeights> variant,
      FriendAvatars friends) {
    var weights = new LinkedHashMap<String, Double>();
    var signals = new LinkedHashMap<String, Double>();
    var contributions = new LinkedHashMap<String, Double>();
    for (Signal s : Signal.values()) {
      String name = s.name().toLowerCase(java.util.Locale.ROOT);
      weights.put(name, variant.getValue().of(s));
      signals.put(name, item.signals().of(s));
      contributions.put(name, item.score().contributions().get(s));
    }
    signals.put("recency", item.signals().recency());
    signals.put("provider_affinity", item.signals().providerAffinity());
    var f = item.candidate().features();
    var features = new LinkedHashMap<String, Object>();
    features.put("embedding_similarity", f.embeddingSimilarity());
    features.put("collaborative_score", f.collaborativeScore());
    features.put("friend_presence_count", f.friendPresenceCount());
    features.put("friend_count", f.friendCount());
    features.put("named_friends", friends.shown());
    features.put("recency", f.recency());
    features.put("popularity", f.popularity());
    features.put("trending", f.trending());
    features.put("provider_affinity", f.providerAffinity());
    features.put("familiar", item.candidate().familiar());
    var sources =
        new EnumMap<fm.seda.candidates.CandidateSource, Double>(
            fm.seda.candidates.CandidateSource.class);
    sources.putAll(item.candidate().sourceScores());
    return new RowContext(
        surface,
        feedItem,
        weights,
        signals,
        contributions,
        item.score().modifier(),
        item.redundancy(),
        (1 - ranker.options().lambda()) * item.redundancy(),
        sources.keySet().stream().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toList(),
        features,
        variant.getKey());
  }

  static FriendAvatars avatars(Candidate c, Map<UUID, @Nullable String> names) {
    int count = c.features().friendCount();
    if (count == 0) {
      return FriendAvatars.NONE;
    }
    var shown = new ArrayList<FriendAvatars.Friend>();
    for (UUID id : c.features().namedFriends()) {
      if (shown.size() == FriendAvatars.MAX_SHOWN) {
        break;
      }
      shown.add(new FriendAvatars.Friend(id, names.get(id)));
    }
    return new FriendAvatars(
        shown, count, count - shown.size(), c.features().namedFriends().size() < count);
  }

  private static String action(String type) {
    return switch (type) {
      case "room" -> "join";
      case "playlist" -> "save";
      default -> "follow";
    };
  }

  /**
   * The user's strongest artists, with vectors: for a content reason, the one closest to the item
   * is the "you like" it names (strongest first, so a tie names the stronger).
   */
  private record Anchors(List<Anchor> anchors) {

    static final Anchors NONE = new Anchors(List.of());

    private record Anchor(UUID id, float[] vector, double norm, String name) {}

    @Nullable String nameFor(RankedItem item) {
      if (item.score().dominant() != Signal.CONTENT || anchors.isEmpty()) {
        return null;
      }
      float[] v = item.vector();
      if (v == null || item.candidate().entityType().equals("person")) {
        return null;
      }
      double norm = Math.sqrt(Dot.dot(v, v));
      if (norm == 0) {
        return null;
      }
      Anchor best = null;
      double bestCos = 0.3; // below this, naming an artist would not be truthful
      for (Anchor anchor : anchors) {
        if (anchor.id().equals(item.candidate().entityId())) {
          continue;
        }
        if (v.length != anchor.vector().length) {
          continue; // another space (a model switch in progress)
        }
        // in SIMD lanes, norms once: this comparison was 2.4 % of a batch feed's time
        double cos = Dot.dot(v, anchor.vector()) / (norm * anchor.norm());
        if (cos > bestCos) {
          bestCos = cos;
          best = anchor;
        }
      }
      return best == null ? null : best.name();
    }
  }

  private static Anchors anchors(Selection selection, Lookups lookups) {
    if (!selection.namesAnArtist()) {
      return Anchors.NONE;
    }
    var found = new ArrayList<Anchors.Anchor>();
    Map<UUID, FeedStore.Card> cards = lookups.cards("artist");
    for (UUID artist : selection.proposed().strongestArtists()) {
      float[] vector = lookups.artistVectors().get(artist);
      FeedStore.Card card = cards.get(artist);
      if (vector != null && card != null) {
        double norm = Math.sqrt(Dot.dot(vector, vector));
        if (norm > 0) {
          found.add(new Anchors.Anchor(artist, vector, norm, card.name()));
        }
      }
    }
    return new Anchors(found);
  }

  static void requireSurface(String surface) {
    if (!SURFACES.contains(surface)) {
      throw ApiProblem.badRequest(
          "unknown-surface", "unknown surface '" + surface + "'; expected one of " + SURFACES);
    }
  }
}
