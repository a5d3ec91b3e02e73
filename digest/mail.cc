// The digest as a MIME message (RFC 5322, 2045-2047).
#include "digest/mail.h"

#include <array>

#include <fmt/format.h>

#include "digest/render.h"

namespace tidings::digest {
namespace {

constexpr std::size_t kMaxLine = 76;
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size())
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[n >> 18 & 63];
    out += kBase64[n >> 12 & 63];
    out += i + 1 < bytes.size() ? kBase64[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

// RFC 5322 date: "Tue, 30 Apr 2024 07:00:00 +0000".
std::string MailDate(std::int64_t unix_seconds) {
  static constexpr std::array<std::string_view, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                            "Mon", "Tue", "Wed"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t days = (unix_seconds >= 0 ? unix_seconds : unix_seconds - 86399) / 86400;
  const std::int64_t seconds = unix_seconds - days * 86400;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} +0000",
                     kDays[static_cast<std::size_t>(((days % 7) + 7) % 7)], day,
                     kMonths[static_cast<std::size_t>(month - 1)], year, seconds / 3600,
                     seconds / 60 % 60, seconds % 60);
}

std::uint64_t Fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A header value on one line: CR and LF would start a new header (header injection).
std::string OneLine(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

std::string EncodeHeaderWord(std::string_view text) {
  bool plain = true;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x7F || (b < 0x20 && c != '\t')) plain = false;
  }
  if (plain && text.find("=?") == std::string_view::npos) return std::string(text);
  // Each encoded word holds at most 42 bytes (56 base64 characters), so that even the first line,
  // after "Subject: ", stays under 78 characters. Words are cut before a UTF-8 lead byte: no
  // character is split across words.
  constexpr std::size_t kChunk = 42;
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = std::min(text.size(), pos + kChunk);
    while (end < text.size() && end > pos + 1 &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  auto emit = [&](std::string_view piece) {
    if (column + piece.size() > kMaxLine - 1) {  // leave room for the soft break's "="
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool line_end_next = i + 1 == text.size() || text[i + 1] == '\n';
    const bool literal =
        (b >= 33 && b <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end_next);
    // A "." alone at a line start ends the message for some SMTP paths: encode it.
    if (literal && !(c == '.' && column == 0)) {
      emit(std::string_view(&text[i], 1));
    } else {
      emit(fmt::format("={:02X}", b));
    }
  }
  return out;
}

std::string BuildMail(const Digest& digest, const MailOptions& options) {
  const std::string text = EncodeQuotedPrintable(RenderText(digest));
  const std::string html = EncodeQuotedPrintable(RenderHtml(digest));
  const std::uint64_t hash = Fnv1a(text) ^ (Fnv1a(options.to) * 31);
  // "=_" never occurs in quoted-printable output, so the boundary cannot occur in a part.
  const std::string boundary = fmt::format("=_tidings_{:016x}", hash);
  const std::int64_t date = options.date != 0 ? options.date : digest.generated;

  std::string m;
  m += "From: " + OneLine(options.from) + "\r\n";
  m += "To: " + OneLine(options.to) + "\r\n";
  m += "Subject: " +
       EncodeHeaderWord(OneLine(options.subject.empty() ? digest.title : options.subject)) + "\r\n";
  m += "Date: " + MailDate(date) + "\r\n";
  m += fmt::format("Message-ID: <digest.{}.{:016x}@{}>\r\n", date, hash, OneLine(options.domain));
  m += "MIME-Version: 1.0\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  m += "\r\nThis is a multipart message in MIME format.\r\n";
  for (auto [type, body] : {std::pair<std::string_view, const std::string*>{"text/plain", &text},
                            {"text/html", &html}}) {
    m += "\r\n--" + boundary + "\r\n";
    m += fmt::format("Content-Type: {}; charset=utf-8\r\n", type);
    m += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    m += *body;
    if (!body->ends_with("\r\n")) m += "\r\n";
  }
  m += "\r\n--" + boundary + "--\r\n";
  return m;
}

}  // namespace tidings::digest
