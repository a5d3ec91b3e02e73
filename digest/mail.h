// A digest as an e-mail message, for scheduled digests piped to `sendmail -t` or similar.
//
//   digest::MailOptions mail;
//   mail.from = "tidings <tidings@example.org>";
//   mail.to = "me@example.org";
//   std::string message = digest::BuildMail(d, mail);   // write to the command's stdin
//
// The message is RFC 5322 + MIME: From, To, Subject, Date, Message-ID and MIME-Version headers;
// a multipart/alternative body with a text/plain and a text/html part (the RenderText and
// RenderHtml output), both UTF-8 in quoted-printable; a non-ASCII subject as RFC 2047 encoded
// words. Lines end in CRLF.
#pragma once

#include <cstdint>
#include <string>

#include "digest/digest.h"

namespace tidings::digest {

struct MailOptions {
  std::string from;                        // an address or "Name <address>"
  std::string to;                          // one or more addresses, comma separated
  std::string subject;                     // "" -> the digest's title
  std::int64_t date = 0;                   // 0 -> digest.generated
  std::string domain = "tidings.invalid";  // right-hand side of the Message-ID
};

std::string BuildMail(const Digest& digest, const MailOptions& options);

// RFC 2047 encoded words (UTF-8, base64) for a header value with non-ASCII bytes or controls;
// ASCII text comes back unchanged. Long values are split into several words on UTF-8 boundaries.
std::string EncodeHeaderWord(std::string_view text);

// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks before 76 columns.
std::string EncodeQuotedPrintable(std::string_view text);

}  // namespace tidings::digest
