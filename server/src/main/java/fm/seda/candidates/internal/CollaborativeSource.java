package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import fm.seda.candidates.collaborative.ServingModel;
import fm.seda.engine.cf.ScoredItem;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Collaborative: the items the region's ALS model scores highest for the user, who is folded into
 * the model from their current interactions (so a signal from a minute ago counts before the
 * nightly retrain). Score: the model's preference estimate.
 */
@Component
class CollaborativeSource implements CandidateGenerator {

  @Override
  public CandidateSource source() {
    return CandidateSource.COLLABORATIVE;
  }

  @Override
  public Map<ItemKey, Double> propose(UserContext user) {
    var proposed = new HashMap<ItemKey, Double>();
    ServingModel model = user.model();
    if (model == null || user.collaborativeUser() == null) {
      return proposed;
    }
    for (String type : ContentSource.TYPES) {
      if (!user.request().entityTypes().contains(type)) {
        continue;
      }
      int[] range = model.range(type);
      for (ScoredItem scored :
          model
              .model()
              .recommend(
                  user.collaborativeUser(),
                  range[0],
                  range[1],
                  user.request().perSource(),
                  i -> user.excluded().contains(model.items().get(i).entityId()))) {
        proposed.put(model.items().get(scored.item()), scored.score());
      }
    }
    return proposed;
  }
}
