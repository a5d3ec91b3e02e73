// Reading the text of feed elements: plain text, HTML, and Atom's text constructs. Internal to
// feed/. Every function here returns nullopt for an element whose text is empty or blank.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>

#include "feed/xml_context.h"

namespace tidings::feed {

// Character data of `node` and its descendants, concatenated, exactly as written.
std::string RawText(pugi::xml_node node);

// The same as a view: into the document when the element holds one run of text (nearly always),
// else into a concatenation it owns. Spares an allocation per element read. Lives on the stack.
class NodeText {
 public:
  explicit NodeText(pugi::xml_node node);
  NodeText(const NodeText&) = delete;
  NodeText& operator=(const NodeText&) = delete;

  std::string_view view() const { return view_; }
  operator std::string_view() const { return view_; }  // NOLINT: a view, by design

 private:
  std::string owned_;
  std::string_view view_;
};

// Plain text, for titles and names: markup stripped (feeds put HTML and entities in titles,
// escaped once or twice), white space collapsed.
std::optional<std::string> PlainText(pugi::xml_node node);

// HTML, for RSS descriptions and content:encoded: escaped HTML is taken as HTML (and escaped
// HTML that was escaped twice is decoded once more); unescaped markup inside the element is
// serialized; links inside are resolved against the context's base.
std::optional<std::string> RssHtml(const XmlContext& ctx, pugi::xml_node node);

// An Atom text construct (type="text|html|xhtml", Atom 0.3 mode="escaped|base64|xml", or a MIME
// type) as HTML, links resolved.
std::optional<std::string> AtomHtml(const XmlContext& ctx, pugi::xml_node node);

// An Atom text construct as plain text (titles, subtitles).
std::optional<std::string> AtomPlainText(const XmlContext& ctx, pugi::xml_node node);

// `text` without white space at either end; nullopt when nothing is left.
std::optional<std::string> Trimmed(std::string_view text);

}  // namespace tidings::feed
