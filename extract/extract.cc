#include "extract/extract.h"

#include <gumbo.h>

#include <memory>
#include <utility>

#include "base/html_text.h"
#include "extract/charset.h"
#include "extract/clean.h"
#include "extract/content.h"
#include "extract/metadata.h"
#include "extract/page_kind.h"
#include "extract/prescan.h"
#include "extract/render.h"
#include "extract/sanitize_tree.h"

namespace tidings::extract {
namespace {

// An extraction shorter than this is retried with fewer boilerplate rules (as Readability does).
constexpr std::uint32_t kRetryBelowChars = 500;
// JSON-LD articleBody replaces the page's text only when it is over twice as long and longer by
// at least this much: it is often truncated, so it is a fallback, not the source.
constexpr std::uint32_t kJsonLdMargin = 200;

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using GumboTree = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

GumboTree ParseHtml(const std::string& html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // errors are not read: do not record them
  return GumboTree(gumbo_parse_with_options(&options, html.data(), html.size()));
}

struct Attempt {
  std::vector<std::uint32_t> roots;
  std::vector<std::uint8_t> cut;
  std::string text;
  std::uint32_t chars = 0;
  unsigned flags = 0;
};

Attempt RunAttempt(PageModel& model, unsigned flags, std::string_view title) {
  model.stats.assign(model.dom.size(), NodeStats{});
  model.body = -1;
  BuildModel(model, flags);
  Attempt attempt;
  attempt.roots = ChooseContent(model, flags);
  attempt.cut = CleanContent(model, attempt.roots, title, flags);
  attempt.text = RenderText(model, attempt.roots, attempt.cut);
  attempt.chars = VisibleChars(attempt.text);
  attempt.flags = flags;
  return attempt;
}

// Tries the strict rules first and relaxes them while the result stays short. The relaxed
// attempts read hidden content too: some sites hide the article until a script shows it.
Attempt BestAttempt(PageModel& model, std::string_view title) {
  static constexpr unsigned kFlagSets[] = {
      kAllFlags, kDropHidden | kWeightClasses | kCleanConditionally,
      kWeightClasses | kCleanConditionally, kCleanConditionally, 0};
  Attempt best;
  bool first = true;
  for (unsigned flags : kFlagSets) {
    Attempt attempt = RunAttempt(model, flags, title);
    if (attempt.chars >= kRetryBelowChars) return attempt;
    if (first || attempt.chars > best.chars) best = std::move(attempt);
    first = false;
  }
  // The model holds the last attempt's marks: redo the best one so they match it.
  return RunAttempt(model, best.flags, title);
}

// The sanitized HTML of the roots without the parts the text left out. Those are unlinked from
// their parents' child lists while the sanitizer runs, then put back, so the tree gumbo frees is
// the tree it built.
std::string ContentHtml(const PageModel& model, const Attempt& attempt, std::string_view url) {
  struct Saved {
    GumboVector* children;
    std::vector<void*> data;
  };
  std::vector<Saved> saved;
  for (std::uint32_t root : attempt.roots) {
    for (std::uint32_t i = root + 1; i < model.dom[root].end; ++i) {
      const GumboNode* node = model.dom[i].node;
      if (!IsElement(node) && node->type != GUMBO_NODE_DOCUMENT) continue;
      if (model.stats[i].dropped || attempt.cut[i]) {
        i = model.dom[i].end - 1;
        continue;
      }
      // GumboOutput is ours and mutable; the index holds const pointers for the read passes.
      auto* children = const_cast<GumboVector*>(&ChildrenOf(node));
      // Parentheses: braces would make a two-element initializer list of the pointers.
      Saved entry{children, std::vector<void*>(children->data, children->data + children->length)};
      unsigned int kept = 0;
      for (std::uint32_t c = i + 1; c < model.dom[i].end; c = model.dom[c].end) {
        if (model.stats[c].dropped || attempt.cut[c]) continue;
        children->data[kept++] = const_cast<GumboNode*>(model.dom[c].node);
      }
      if (kept != children->length) {
        children->length = kept;
        saved.push_back(std::move(entry));
      }
    }
  }
  std::string html;
  for (std::uint32_t root : attempt.roots) AppendSanitized(model.dom[root].node, url, &html);
  for (Saved& entry : saved) {
    std::copy(entry.data.begin(), entry.data.end(), entry.children->data);
    entry.children->length = static_cast<unsigned int>(entry.data.size());
  }
  return html;
}

std::string ParagraphsHtml(std::string_view text) {
  std::string html;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    html.append("<p>").append(EscapeHtml(text.substr(start, end - start))).append("</p>");
    start = end + 2;
  }
  return html;
}

}  // namespace

std::string_view PageKindName(PageKind kind) {
  switch (kind) {
    case PageKind::kArticle:
      return "article";
    case PageKind::kConsentWall:
      return "consent_wall";
    case PageKind::kPaywall:
      return "paywall";
    case PageKind::kBotChallenge:
      return "bot_challenge";
    case PageKind::kNoContent:
      return "no_content";
  }
  return "article";
}

Result<Article> Extract(std::string_view page, const ExtractOptions& options) {
  if (page.size() > options.max_bytes) {
    return TooLargeError("page larger than " + std::to_string(options.max_bytes) + " bytes");
  }
  Result<DecodedPage> decoded = DecodePage(std::string(page), options.content_type.value_or(""));
  if (!decoded.ok()) return decoded.status();
  Prescanned prescanned = Prescan(decoded->utf8);
  GumboTree tree = ParseHtml(prescanned.html);
  if (!tree) return InvalidError("the HTML parser failed");
  PageModel model(tree->document);
  PageFacts facts = ReadPageFacts(model.dom, prescanned.json_ld, options.url);
  std::string title = facts.metadata.title.value_or(facts.html_title);

  Article article;
  article.charset = std::move(decoded->charset);
  article.noarchive = facts.noarchive;
  article.truncated = prescanned.truncated || prescanned.flattened;
  Attempt final_attempt = BestAttempt(model, title);
  article.text = std::move(final_attempt.text);
  article.html = ContentHtml(model, final_attempt, options.url);
  std::uint32_t chars = final_attempt.chars;
  std::uint32_t body_chars = facts.article_body ? VisibleChars(*facts.article_body) : 0;
  if (body_chars > 2 * chars && body_chars >= chars + kJsonLdMargin) {
    // The page's own text is much shorter than the body its JSON-LD carries: trust the latter.
    article.text = *facts.article_body;
    article.html = ParagraphsHtml(article.text);
    chars = VisibleChars(article.text);
  }
  article.metadata = std::move(facts.metadata);
  if (chars < kShortArticleChars) {
    RunAttempt(model, 0, title);
    std::string visible =
        model.body >= 0 ? NodeText(model, static_cast<std::uint32_t>(model.body)) : std::string();
    PageSignals signals{options.url,   facts.html_title,
                        decoded->utf8, visible,
                        chars,         facts.not_accessible_for_free};
    article.kind = DetectPageKind(signals);
  }
  return article;
}

}  // namespace tidings::extract
