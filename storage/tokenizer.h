// The FTS5 tokenizer "tidings": finds words in every script, Chinese and Japanese included.
//
// unicode61 (SQLite's default) splits on spaces and punctuation, so a run of CJK text with no
// spaces becomes one giant token that no typed word matches. This tokenizer hands every non-CJK run
// to unicode61 (remove_diacritics 2) unchanged and splits every run of Han, Hiragana, Katakana and
// Hangul into overlapping bigrams (量子计算机 -> 量子 子计 计算 算机), as Lucene's CJK analyzer
// does; a single CJK character standing alone is one token. A query is tokenized the same way, so a
// typed word of two or more CJK characters becomes a phrase of adjacent bigrams and matches
// exactly the documents that contain it. docs/search.md has the measurement behind this choice
// (against the trigram tokenizer and plain unicode61).
//
// Every connection that writes or queries an index using it must register it first:
//   Status s = RegisterTokenizer(db_handle);
//   CREATE VIRTUAL TABLE t USING fts5(..., tokenize = 'porter tidings')
#pragma once

#include "base/status.h"

struct sqlite3;

namespace tidings::storage {

inline constexpr const char* kTokenizerName = "tidings";

// Registers the tokenizer on this connection. Call once per connection, before any statement
// that touches an FTS5 table using it. Fails (kUnsupported) if the SQLite library lacks FTS5.
Status RegisterTokenizer(sqlite3* db);

}  // namespace tidings::storage
