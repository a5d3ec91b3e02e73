// The "tidings" FTS5 tokenizer: unicode61 for every non-CJK run, overlapping bigrams for CJK runs.
//
// Why bigrams and not the trigram tokenizer or dictionary segmentation: docs/search.md, "Chinese
// and Japanese" (measured with bench/run-cjk-bench). How positions are laid out, because queries
// depend on it:
//
//   document 量子计算机 -> 量子@0 子计@1 计算@2 算机@3 机@3 (the last character again, colocated)
//   query    量子计算   -> 量子 子计 计算 (a phrase: adjacent positions)
//   query    量*        -> 量* (one character: matches a bigram starting with it, or a run's end)
//
// The colocated final character makes a one-character prefix query find every occurrence of the
// character (each position starts with its own character) without moving the position of the
// token after the run, so phrases such as "芯片 AI" still see adjacent tokens. Queries never get
// it: "量子" must not require the word to end a run.
#include "storage/tokenizer.h"

#include <sqlite3.h>
#include <unicode/unorm2.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "base/han_simplified.h"

namespace tidings::storage {
namespace {

using TokenCallback = int (*)(void* ctx, int tflags, const char* token, int size, int start,
                              int end);

// "cafe" finds "café"; 2 rather than 1 also strips letters carrying several diacritics.
constexpr const char* kUnicode61Args[] = {"remove_diacritics", "2"};

// Longest folded CJK character kept; NFKC of one of ours is at most a few code points.
constexpr int kMaxCharBytes = 16;

struct Decoded {
  char32_t code_point = 0;
  int size = 0;  // 0: not well-formed UTF-8 here
};

// Strict UTF-8 (Unicode table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
Decoded DecodeUtf8(const unsigned char* s, int available) {
  const unsigned lead = s[0];
  int size = 0;
  char32_t cp = 0;
  unsigned low = 0x80, high = 0xBF;
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2, cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3, cp = lead & 0x0Fu;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4, cp = lead & 0x07u;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  if (available < size) return {};
  for (int i = 1; i < size; ++i) {
    const unsigned byte = s[i];
    if (byte < low || byte > high) return {};
    low = 0x80, high = 0xBF;
    cp = (cp << 6) | (byte & 0x3Fu);
  }
  return {cp, size};
}

// Han (with the extension blocks, radicals, compatibility ideographs and the marks 々 〆 〇 〻),
// Hiragana, Katakana (with ー, half-width forms and the phonetic extensions) and Hangul. Checked
// against ICU's uscript_getScript when written; explicit ranges keep the hot loop free of calls.
bool IsCjk(char32_t c) {
  if (c < 0x1100) return false;
  if (c < 0x3000) return c <= 0x11FF || (c >= 0x2E80 && c <= 0x2FDF);
  if (c < 0x3400) {
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) ||
           (c >= 0x3038 && c <= 0x303B) || (c >= 0x3041 && c <= 0x309F) ||
           (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) || (c >= 0x3131 && c <= 0x318F) ||
           (c >= 0x31F0 && c <= 0x31FF);
  }
  if (c <= 0x9FFF) return c <= 0x4DBF || c >= 0x4E00;
  if (c < 0x10000) {
    return (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFFDC);
  }
  return (c >= 0x1AFF0 && c <= 0x1B16F) || (c >= 0x20000 && c <= 0x323AF);
}

// Characters with a compatibility form a user would type differently: half-width katakana
// (ｶﾀｶﾅ is カタカナ), compatibility ideographs, Kangxi radicals, compatibility Hangul jamo.
bool NeedsFold(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3131 && c <= 0x318F) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFFDC) ||
         (c >= 0x2F800 && c <= 0x2FA1F);
}

// Full-width ASCII (ＡＢＣ１２３, U+FF01..U+FF5E): NFKC maps each to its ASCII twin.
bool IsFullWidthAscii(const unsigned char* s, int available) {
  return available >= 3 && s[0] == 0xEF &&
         ((s[1] == 0xBC && s[2] >= 0x81) || (s[1] == 0xBD && s[2] <= 0x9E));
}

int Utf8Size(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

// Writes the Utf8Size(c) bytes of `c` at `p`.
void WriteUtf8(char32_t c, char* p) {
  const int need = Utf8Size(c);
  if (need == 1) {
    p[0] = static_cast<char>(c);
    return;
  }
  const unsigned char leads[] = {0, 0, 0xC0, 0xE0, 0xF0};
  for (int k = need - 1; k > 0; --k, c >>= 6) p[k] = static_cast<char>(0x80 | (c & 0x3F));
  p[0] = static_cast<char>(leads[need] | c);
}

// One CJK character as indexed: its folded UTF-8 and the input bytes it came from.
struct CjkChar {
  int start = 0;
  int end = 0;
  int size = 0;
  char text[kMaxCharBytes] = {};
};

// NFKC casefold of `cps` into `out` as UTF-8; false if ICU fails or the result does not fit.
bool FoldCodePoints(const UNormalizer2* nfkc_cf, const char32_t* cps, int count, CjkChar* out) {
  UChar source[8];
  int32_t source_size = 0;
  for (int i = 0; i < count; ++i) {
    const char32_t c = cps[i];
    if (c < 0x10000) {
      source[source_size++] = static_cast<UChar>(c);
    } else {
      source[source_size++] = static_cast<UChar>(0xD800 + ((c - 0x10000) >> 10));
      source[source_size++] = static_cast<UChar>(0xDC00 + (c & 0x3FF));
    }
  }
  UChar folded[8];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t folded_size = unorm2_normalize(nfkc_cf, source, source_size, folded, 8, &status);
  if (U_FAILURE(status) || folded_size <= 0) return false;
  int size = 0;
  for (int32_t i = 0; i < folded_size; ++i) {
    char32_t c = folded[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < folded_size) {
      c = 0x10000 + ((c - 0xD800) << 10) + (folded[++i] - 0xDC00u);
    }
    c = SimplifiedHan(c);  // a compatibility ideograph may fold to a Traditional one
    const int need = Utf8Size(c);
    if (size + need > kMaxCharBytes) return false;
    WriteUtf8(c, out->text + size);
    size += need;
  }
  out->size = size;
  return true;
}

class Tokenizer {
 public:
  static int Create(void* api, const char** args, int arg_count, Fts5Tokenizer** out) noexcept;
  static void Delete(Fts5Tokenizer* tokenizer) noexcept;
  static int Tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
                      TokenCallback on_token) noexcept;

  Tokenizer() = default;
  Tokenizer(const Tokenizer&) = delete;  // owns the unicode61 instance
  Tokenizer& operator=(const Tokenizer&) = delete;
  ~Tokenizer() {
    if (unicode61_instance_ != nullptr) unicode61_.xDelete(unicode61_instance_);
  }

  // Hands text[start, end) to unicode61, full-width ASCII folded, offsets shifted back to ours.
  int Unicode61(void* ctx, int flags, const char* text, int start, int end,
                TokenCallback on_token) const;
  const UNormalizer2* nfkc_cf() const { return nfkc_cf_; }

 private:
  fts5_tokenizer unicode61_{};
  Fts5Tokenizer* unicode61_instance_ = nullptr;
  const UNormalizer2* nfkc_cf_ = nullptr;  // owned by ICU; null: CJK folding off
};

// What the unicode61 callback needs to report a token at our offsets.
struct ShiftedRun {
  void* ctx;
  TokenCallback on_token;
  int base;                       // the run's offset in our input
  const std::vector<int>* folds;  // offsets (in the folded run) of folded characters, or null

  int Map(int offset) const {
    if (folds == nullptr) return base + offset;
    // Each folded character was 3 bytes and is 1 now.
    const auto before = std::lower_bound(folds->begin(), folds->end(), offset) - folds->begin();
    return base + offset + 2 * static_cast<int>(before);
  }
};

int OnShiftedToken(void* ctx, int tflags, const char* token, int size, int start, int end) {
  const auto* run = static_cast<const ShiftedRun*>(ctx);
  return run->on_token(run->ctx, tflags, token, size, run->Map(start), run->Map(end));
}

int Tokenizer::Unicode61(void* ctx, int flags, const char* text, int start, int end,
                         TokenCallback on_token) const {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text);
  int first_fold = start;
  while (first_fold < end && !IsFullWidthAscii(bytes + first_fold, end - first_fold)) {
    ++first_fold;
  }
  if (first_fold == end) {  // the usual case: nothing to fold, nothing to copy
    ShiftedRun run{ctx, on_token, start, nullptr};
    return unicode61_.xTokenize(unicode61_instance_, &run, flags, text + start, end - start,
                                OnShiftedToken);
  }
  std::string folded(text + start, static_cast<std::size_t>(first_fold - start));
  std::vector<int> folds;
  for (int pos = first_fold; pos < end;) {
    if (IsFullWidthAscii(bytes + pos, end - pos)) {
      folds.push_back(static_cast<int>(folded.size()));
      const unsigned code = (bytes[pos + 1] == 0xBC ? 0xFF00u : 0xFF40u) + (bytes[pos + 2] & 0x3Fu);
      folded.push_back(static_cast<char>(code - 0xFEE0u));
      pos += 3;
    } else {
      folded.push_back(text[pos++]);
    }
  }
  ShiftedRun run{ctx, on_token, start, &folds};
  return unicode61_.xTokenize(unicode61_instance_, &run, flags, folded.data(),
                              static_cast<int>(folded.size()), OnShiftedToken);
}

// One xTokenize call: a single pass over the text that sends non-CJK runs to unicode61 and emits
// CJK bigrams itself. Bytes that are not UTF-8 separate tokens and are never handed on.
class Scan {
 public:
  Scan(const Tokenizer& tokenizer, void* ctx, int flags, const char* text, int size,
       TokenCallback on_token)
      : tokenizer_(tokenizer),
        ctx_(ctx),
        flags_(flags),
        text_(text),
        bytes_(reinterpret_cast<const unsigned char*>(text)),
        size_(size),
        on_token_(on_token) {}

  int Run();

 private:
  int FlushText(int end);
  int AddCjk(int pos, Decoded decoded);
  int EndCjkRun();
  int ReadCjkChar(int pos, Decoded decoded, CjkChar* out) const;

  const Tokenizer& tokenizer_;
  void* ctx_;
  int flags_;
  const char* text_;
  const unsigned char* bytes_;
  int size_;
  TokenCallback on_token_;
  int text_start_ = -1;  // start of the pending non-CJK run; -1: none
  int run_length_ = 0;   // characters in the current CJK run
  CjkChar previous_;     // the last character of the current CJK run
};

int Scan::Run() {
  int pos = 0;
  while (pos < size_) {
    int rc = SQLITE_OK;
    if (bytes_[pos] < 0x80) {  // ASCII is never CJK: skip the whole stretch
      rc = EndCjkRun();
      if (text_start_ < 0) text_start_ = pos;
      while (pos < size_ && bytes_[pos] < 0x80) ++pos;
    } else if (const Decoded decoded = DecodeUtf8(bytes_ + pos, size_ - pos); decoded.size == 0) {
      rc = FlushText(pos);
      if (rc == SQLITE_OK) rc = EndCjkRun();
      ++pos;
    } else if (!IsCjk(decoded.code_point)) {
      rc = EndCjkRun();
      if (text_start_ < 0) text_start_ = pos;
      pos += decoded.size;
    } else {
      rc = FlushText(pos);
      if (rc == SQLITE_OK) rc = AddCjk(pos, decoded);
      pos = previous_.end;
    }
    if (rc != SQLITE_OK) return rc;
  }
  const int rc = FlushText(size_);
  return rc == SQLITE_OK ? EndCjkRun() : rc;
}

int Scan::FlushText(int end) {
  if (text_start_ < 0) return SQLITE_OK;
  const int start = text_start_;
  text_start_ = -1;
  return tokenizer_.Unicode61(ctx_, flags_, text_, start, end, on_token_);
}

int Scan::AddCjk(int pos, Decoded decoded) {
  CjkChar current;
  const int end = ReadCjkChar(pos, decoded, &current);
  current.start = pos;
  current.end = end;
  int rc = SQLITE_OK;
  if (run_length_ > 0) {
    char bigram[2 * kMaxCharBytes];
    std::memcpy(bigram, previous_.text, static_cast<std::size_t>(previous_.size));
    std::memcpy(bigram + previous_.size, current.text, static_cast<std::size_t>(current.size));
    rc = on_token_(ctx_, 0, bigram, previous_.size + current.size, previous_.start, current.end);
  }
  previous_ = current;
  ++run_length_;
  return rc;
}

int Scan::EndCjkRun() {
  const int length = run_length_;
  run_length_ = 0;
  if (length == 0) return SQLITE_OK;
  if (length == 1) {
    return on_token_(ctx_, 0, previous_.text, previous_.size, previous_.start, previous_.end);
  }
  // Queries never get the colocated last character: "量子" must not require a run's end.
  if ((flags_ & FTS5_TOKENIZE_QUERY) != 0) return SQLITE_OK;
  return on_token_(ctx_, FTS5_TOKEN_COLOCATED, previous_.text, previous_.size, previous_.start,
                   previous_.end);
}

// Fills out->text/size; returns the end of the input the character used (a half-width kana and
// a following half-width voiced mark ﾞ/ﾟ fold together into one character: ｶﾞ is ガ).
int Scan::ReadCjkChar(int pos, Decoded decoded, CjkChar* out) const {
  int end = pos + decoded.size;
  // Traditional characters are indexed and queried as Simplified (計算機 as 计算机), as topic
  // matching reads them (base/han_simplified.h).
  if (const char32_t simplified = SimplifiedHan(decoded.code_point);
      simplified != decoded.code_point) {
    out->size = Utf8Size(simplified);
    WriteUtf8(simplified, out->text);
    return end;
  }
  if (NeedsFold(decoded.code_point) && tokenizer_.nfkc_cf() != nullptr) {
    char32_t cps[2] = {decoded.code_point, 0};
    int count = 1;
    if (end < size_) {
      const Decoded next = DecodeUtf8(bytes_ + end, size_ - end);
      if (next.code_point == 0xFF9E || next.code_point == 0xFF9F) {
        cps[count++] = next.code_point;
        end += next.size;
      }
    }
    if (FoldCodePoints(tokenizer_.nfkc_cf(), cps, count, out)) return end;
  }
  out->size = end - pos;
  std::memcpy(out->text, text_ + pos, static_cast<std::size_t>(out->size));
  return end;
}

int Tokenizer::Create(void* api_pointer, const char** args, int arg_count,
                      Fts5Tokenizer** out) noexcept {
  try {
    auto* api = static_cast<fts5_api*>(api_pointer);
    auto tokenizer = std::make_unique<Tokenizer>();
    void* unicode61_context = nullptr;
    int rc = api->xFindTokenizer(api, "unicode61", &unicode61_context, &tokenizer->unicode61_);
    if (rc != SQLITE_OK) return rc;
    // Ours first, then the caller's: unicode61 lets a later option override an earlier one.
    std::vector<const char*> all_args(std::begin(kUnicode61Args), std::end(kUnicode61Args));
    all_args.insert(all_args.end(), args, args + std::max(arg_count, 0));
    rc = tokenizer->unicode61_.xCreate(unicode61_context, all_args.data(),
                                       static_cast<int>(all_args.size()),
                                       &tokenizer->unicode61_instance_);
    if (rc != SQLITE_OK) return rc;
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
    if (U_SUCCESS(status)) tokenizer->nfkc_cf_ = nfkc_cf;
    *out = reinterpret_cast<Fts5Tokenizer*>(tokenizer.release());
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void Tokenizer::Delete(Fts5Tokenizer* tokenizer) noexcept {
  std::unique_ptr<Tokenizer> owned(reinterpret_cast<Tokenizer*>(tokenizer));
}

int Tokenizer::Tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
                        TokenCallback on_token) noexcept {
  if (text == nullptr || size <= 0) return SQLITE_OK;
  try {
    return Scan(*reinterpret_cast<const Tokenizer*>(tokenizer), ctx, flags, text, size, on_token)
        .Run();
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

}  // namespace

Status RegisterTokenizer(sqlite3* db) {
  if (db == nullptr) return InvalidError("RegisterTokenizer: no database connection");
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK) {
    return {StatusCode::kUnsupported, std::string("SQLite without FTS5: ") + sqlite3_errmsg(db)};
  }
  fts5_api* api = nullptr;
  sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(statement);
  sqlite3_finalize(statement);
  if (api == nullptr || api->iVersion < 2) {
    return {StatusCode::kUnsupported, "SQLite's FTS5 API is missing or too old"};
  }
  fts5_tokenizer methods{Tokenizer::Create, Tokenizer::Delete, Tokenizer::Tokenize};
  const int rc = api->xCreateTokenizer(api, kTokenizerName, api, &methods, nullptr);
  if (rc != SQLITE_OK) {
    return IOError(std::string("registering the FTS5 tokenizer: ") + sqlite3_errstr(rc));
  }
  return Status::Ok();
}

}  // namespace tidings::storage
