#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "digest/mail.h"
#include "digest/render.h"
#include "digest_fixtures.h"

namespace tidings::digest {
namespace {

using testing::kNow;

// Decodes quoted-printable (soft breaks removed, CRLF back to LF).
std::string DecodeQuotedPrintable(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && in.substr(i + 1, 2) == "\r\n") {
      i += 2;
    } else if (in[i] == '=') {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') {
      out += '\n';
      ++i;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string HeaderValue(const std::string& headers, const std::string& name) {
  const std::size_t at = headers.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const std::size_t start = at + name.size() + 4;
  return headers.substr(start, headers.find("\r\n", start) - start);
}

Digest MailDigest(std::string title) {
  DigestOptions options;
  options.title = std::move(title);
  options.since = kNow - 24 * 3600;
  options.now = kNow;
  return BuildDigest(testing::NewsItems(), options);
}

TEST_CASE("the mail is a multipart/alternative MIME message", "[digest]") {
  MailOptions mail;
  mail.from = "tidings <tidings@example.org>";
  mail.to = "me@example.org\r\nBcc: victim@example.org";  // no header injection
  const Digest digest = MailDigest("Morning digest");
  const std::string message = BuildMail(digest, mail);

  const std::size_t header_end = message.find("\r\n\r\n");
  REQUIRE(header_end != std::string::npos);
  const std::string headers = "\r\n" + message.substr(0, header_end + 2);
  CHECK(HeaderValue(headers, "From") == "tidings <tidings@example.org>");
  CHECK(HeaderValue(headers, "To") == "me@example.org  Bcc: victim@example.org");
  CHECK(headers.find("\r\nBcc:") == std::string::npos);
  CHECK(HeaderValue(headers, "Subject") == "Morning digest");
  CHECK(HeaderValue(headers, "Date") == "Wed, 1 May 2024 08:00:00 +0000");
  CHECK(HeaderValue(headers, "Message-ID").starts_with("<digest."));
  CHECK(HeaderValue(headers, "Message-ID").ends_with("@tidings.invalid>"));
  CHECK(HeaderValue(headers, "MIME-Version") == "1.0");
  const std::string type = HeaderValue(headers, "Content-Type");
  REQUIRE(type.starts_with("multipart/alternative; boundary=\""));
  const std::string boundary = type.substr(33, type.size() - 34);

  // Exactly two parts and a closing delimiter; the boundary occurs nowhere else.
  std::vector<std::string> parts;
  std::size_t at = message.find("\r\n--" + boundary + "\r\n");
  while (at != std::string::npos) {
    const std::size_t start = at + boundary.size() + 6;
    const std::size_t next = message.find("\r\n--" + boundary, start);
    REQUIRE(next != std::string::npos);
    parts.push_back(message.substr(start, next - start));
    at = message.find("\r\n--" + boundary + "\r\n", next);
  }
  REQUIRE(parts.size() == 2);
  CHECK(message.ends_with("\r\n--" + boundary + "--\r\n"));
  CHECK(
      parts[0].starts_with("Content-Type: text/plain; charset=utf-8\r\n"
                           "Content-Transfer-Encoding: quoted-printable\r\n\r\n"));
  CHECK(parts[1].starts_with("Content-Type: text/html; charset=utf-8\r\n"));

  // Every line fits SMTP's limit, every byte is 7-bit, and the parts decode to the renderings.
  for (std::size_t line = 0, end; line < message.size(); line = end + 2) {
    end = message.find("\r\n", line);
    REQUIRE(end != std::string::npos);
    CHECK(end - line <= 76);
  }
  for (char c : message) CHECK(static_cast<unsigned char>(c) < 0x80);
  const std::string text_body = parts[0].substr(parts[0].find("\r\n\r\n") + 4);
  CHECK(DecodeQuotedPrintable(text_body) == RenderText(digest));
  const std::string html_body = parts[1].substr(parts[1].find("\r\n\r\n") + 4);
  CHECK(DecodeQuotedPrintable(html_body) == RenderHtml(digest));
}

TEST_CASE("non-ASCII subjects become encoded words", "[digest]") {
  MailOptions mail;
  mail.from = "a@b";
  mail.to = "c@d";
  const std::string message = BuildMail(MailDigest("科技新闻摘要 — daily"), mail);
  const std::string subject = HeaderValue("\r\n" + message, "Subject");
  CHECK(subject.starts_with("=?UTF-8?B?"));
  CHECK(subject.size() + 9 <= 78);  // "Subject: " and the first word fit one line
  CHECK(EncodeHeaderWord("Plain ASCII") == "Plain ASCII");
  CHECK(EncodeHeaderWord("é") == "=?UTF-8?B?w6k=?=");
  // Long values fold into several words, none over 75 characters.
  const std::string folded = EncodeHeaderWord(std::string(40, 'x') + std::string(30, '\xC3'));
  CHECK(folded.find("\r\n ") != std::string::npos);
  CHECK(EncodeQuotedPrintable("a=b é\nend ") == "a=3Db =C3=A9\r\nend=20");
}

}  // namespace
}  // namespace tidings::digest
