#include "extract/page_kind.h"

#include <array>
#include <string>

#include "base/ascii.h"

namespace tidings::extract {
namespace {

constexpr std::size_t kNoContentChars = 50;
constexpr std::size_t kWallTextChars = 3000;  // a wall page says little else
constexpr std::size_t kMarkupScanBytes = 256 * 1024;

template <std::size_t N>
std::size_t CountFound(std::string_view text, const std::array<std::string_view, N>& needles) {
  std::size_t found = 0;
  for (std::string_view needle : needles) found += text.find(needle) != std::string_view::npos;
  return found;
}

bool IsBotChallenge(const PageSignals& s, std::string_view title, std::string_view text) {
  static constexpr std::array<std::string_view, 4> kTitles = {
      "just a moment", "attention required! | cloudflare", "verifying you are human",
      "security check"};
  static constexpr std::array<std::string_view, 9> kMarkup = {"cf-browser-verification",
                                                              "challenge-platform",
                                                              "cf_chl_opt",
                                                              "cf-challenge",
                                                              "captcha-delivery.com",
                                                              "px-captcha",
                                                              "g-recaptcha",
                                                              "h-captcha",
                                                              "cf-turnstile"};
  static constexpr std::array<std::string_view, 7> kPhrases = {
      "verify you are human",
      "are you a robot",
      "checking your browser",
      "unusual traffic",
      "complete the security check",
      "enable javascript and cookies to continue",
      "not a robot"};
  bool title_says = CountFound(title, kTitles) > 0;
  bool markup_says = CountFound(s.page, kMarkup) > 0;
  bool text_says = CountFound(text, kPhrases) > 0;
  return (title_says && (markup_says || text_says)) || (markup_says && text_says);
}

// A consent page offers its choice as buttons or links, usually from a consent management
// platform; an article about cookies only talks about them.
bool IsConsentWall(const PageSignals& s, std::string_view text, std::string_view page) {
  static constexpr std::array<std::string_view, 4> kHosts = {"://consent.", "://guce.",
                                                             "://myprivacy.", "/consent?"};
  static constexpr std::array<std::string_view, 11> kPhrases = {
      "cookie",       "consent",        "accept all",          "reject all",
      "privacy",      "our partners",   "legitimate interest", "personalised",
      "personalized", "manage options", "before you continue"};
  static constexpr std::array<std::string_view, 14> kControls = {
      ">accept all<", ">accept<",         ">i agree<",   ">agree<",     ">agree and continue<",
      ">reject all<", ">accept cookies<", ">allow all<", "onetrust",    "didomi",
      "sp_message",   "qc-cmp",           "cookiebot",   "usercentrics"};
  if (CountFound(s.url, kHosts) > 0) return true;
  if (text.size() >= kWallTextChars || CountFound(text, kPhrases) < 3) return false;
  return CountFound(page, kControls) > 0;
}

bool IsPaywall(const PageSignals& s, std::string_view text) {
  static constexpr std::array<std::string_view, 10> kPhrases = {
      "subscribe to continue", "subscribe to read",  "already a subscriber",
      "subscribers only",      "for subscribers",    "to continue reading",
      "subscription required", "log in to continue", "sign in to continue reading",
      "become a subscriber"};
  return s.not_accessible_for_free || CountFound(text, kPhrases) > 0;
}

}  // namespace

PageKind DetectPageKind(const PageSignals& s) {
  if (s.article_chars >= kShortArticleChars) return PageKind::kArticle;
  std::string title = AsciiLower(s.title);
  std::string text = AsciiLower(s.visible_text.substr(0, 64 * 1024));
  if (IsBotChallenge(s, title, text)) return PageKind::kBotChallenge;
  std::string page = AsciiLower(s.page.substr(0, kMarkupScanBytes));
  if (IsConsentWall(s, text, page)) return PageKind::kConsentWall;
  if (IsPaywall(s, text)) return PageKind::kPaywall;
  if (s.article_chars < kNoContentChars) return PageKind::kNoContent;
  return PageKind::kArticle;
}

}  // namespace tidings::extract
