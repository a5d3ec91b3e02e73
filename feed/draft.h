// Drafts of a feed and an item while their elements are read: each field can be offered by
// several elements (RSS <link>, atom:link, feedburner:origLink ...) and the best-ranked offer wins
// whatever the order in the document. Internal to feed/.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "feed/feed.h"
#include "feed/xml_context.h"

namespace tidings::feed {

// A value offered by several elements; the lowest rank wins, the first offer among equals.
template <typename T>
class Ranked {
 public:
  void Offer(int rank, std::optional<T> value) {
    if (!value || (value_ && rank >= rank_)) return;
    value_ = std::move(value);
    rank_ = rank;
  }
  // False when an offer at `rank` would lose to the value held: a caller may then skip computing
  // it (a media:title after the item's own title, a guid's link after the item's link).
  bool Wants(int rank) const { return !value_ || rank < rank_; }
  bool has_value() const { return value_.has_value(); }
  std::optional<T>& get() { return value_; }

 private:
  std::optional<T> value_;
  int rank_ = 0;
};

struct Person {
  std::optional<std::string> name;
  std::optional<std::string> email;
};

// A byte count or other count as feeds write it: digits, thousands separators allowed
// ("58,382,913"); nullopt for anything else ("12.5", "unknown", "-1"), never a wrong number.
std::optional<std::int64_t> ParseCount(std::string_view text);

// "jdoe@example.com (John Doe)", "John Doe <jdoe@example.com>", "John Doe", "jdoe@example.com".
Person ParsePersonText(std::string_view text);

struct ItemDraft {
  Item item;  // list fields (categories, enclosures) and comment fields are filled directly
  Ranked<std::string> id, title, link, author_name, author_email, summary, content;
  Ranked<Time> published, updated;

  void AddCategory(std::optional<std::string> category);
  void AddEnclosure(Enclosure enclosure);
  // Moves the winners into `item` and returns it (id still empty when none was offered).
  Item Finish();
};

struct FeedDraft {
  Ranked<std::string> title, link, subtitle, language, author_name, author_email, image;
  Ranked<Time> updated;

  // Moves the winners into `feed`.
  void Finish(Feed* feed);
};

// Parses the element's text as a date and offers it; an unparseable date is left out with a
// warning naming `where` ("item 3").
void OfferDate(XmlContext& ctx, Ranked<Time>& slot, int rank, pugi::xml_node node,
               std::string_view where);

// Atom's <author><name/><email/></author> (also used for atom:author inside RSS).
Person AtomPerson(pugi::xml_node node);

// Elements of the common extension namespaces (content, dc, dcterms, media, itunes, slash, wfw,
// feedburner, thr, and Atom inside RSS) inside an item or entry. False when not one of them.
bool ReadItemExtension(XmlContext& ctx, pugi::xml_node node, Ns ns, ItemDraft& draft,
                       std::string_view where);
// The same at the channel or feed level.
bool ReadFeedExtension(XmlContext& ctx, pugi::xml_node node, Ns ns, FeedDraft& draft, Feed* feed);

// An Atom link's relation, lower case: "alternate" when absent, and the IANA registry's full URIs
// ("http://www.iana.org/assignments/relation/self") shortened to the names they stand for.
std::string AtomLinkRel(pugi::xml_node link);

// Reads an Atom link (rel, href, type, length) into the item draft at `rank`.
void ReadAtomItemLink(XmlContext& ctx, pugi::xml_node node, int rank, ItemDraft& draft);

}  // namespace tidings::feed
