// Ranking: which entries come first, and which version of a story heads its entry.
//
//   rank = score × freshness × coverage            (for score > 0; see below for score <= 0)
//   freshness = 0.5 + 0.5 × 2^(−age / 12 h)        age = now − the newest version's time (>= 0)
//   coverage  = 1 + 0.25 × log2(distinct feeds)
//
// Freshness halves its bonus every 12 hours but never takes more than half the score, so a strong
// match from yesterday still beats a weak one from this morning. Coverage rewards a story many
// outlets carry: 4 feeds give ×1.5, 16 feeds ×2. Multiplying keeps the formula independent of the
// scale of topic scores. A score <= 0 (a topic whose scores are log-odds, say) is divided by the
// same factors instead, so that fresher and wider stories still rank higher.
#include <cmath>

#include "digest/internal.h"

namespace tidings::digest::internal {
namespace {

constexpr double kHalfLifeSeconds = 12.0 * 3600.0;
constexpr double kCoveragePerDoubling = 0.25;

// True when `a` should head a cluster rather than `b`.
bool BetterLead(const DigestItem& a, const DigestItem& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.title.has_value() != b.title.has_value()) return a.title.has_value();
  if (a.text.size() != b.text.size()) return a.text.size() > b.text.size();
  if (a.time != b.time) return a.time < b.time;  // the first to report it
  return a.id < b.id;
}

}  // namespace

std::size_t PickLead(const std::vector<DigestItem>& items, const std::vector<std::size_t>& group) {
  std::size_t best = group.front();
  for (std::size_t index : group) {
    if (BetterLead(items[index], items[best])) best = index;
  }
  return best;
}

double RankScore(double lead_score, std::int64_t newest_time, std::size_t distinct_feeds,
                 std::int64_t now) {
  if (!std::isfinite(lead_score)) lead_score = 0.0;  // keeps the sort's ordering strict
  const double age = newest_time < now ? static_cast<double>(now - newest_time) : 0.0;
  const double freshness = 0.5 + 0.5 * std::exp2(-age / kHalfLifeSeconds);
  const double feeds = static_cast<double>(distinct_feeds < 1 ? 1 : distinct_feeds);
  const double coverage = 1.0 + kCoveragePerDoubling * std::log2(feeds);
  const double factor = freshness * coverage;
  return lead_score > 0 ? lead_score * factor : lead_score / factor;
}

}  // namespace tidings::digest::internal
