#include "storage/schema.h"

namespace tidings::storage {
namespace {

// Version 1. Times are Unix seconds (UTC). Hashes are 64-bit FNV-1a stored as signed integers.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE feeds (
  id                 INTEGER PRIMARY KEY,
  url                TEXT NOT NULL UNIQUE,
  title              TEXT,
  site_link          TEXT,
  etag               TEXT,
  last_modified      TEXT,
  last_poll          INTEGER,            -- last attempt
  last_success       INTEGER,            -- last poll that got a document or 304
  next_poll          INTEGER,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  backoff_seconds    INTEGER NOT NULL DEFAULT 0,
  last_status        INTEGER,            -- HTTP status; 0 when no response arrived
  last_error         TEXT,
  key_kind           INTEGER NOT NULL DEFAULT 0 CHECK (key_kind IN (0, 1, 2)),  -- id, link, hash
  polls              INTEGER NOT NULL DEFAULT 0,
  errors             INTEGER NOT NULL DEFAULT 0,
  items_added        INTEGER NOT NULL DEFAULT 0,
  items_changed      INTEGER NOT NULL DEFAULT 0,
  created            INTEGER NOT NULL
);

-- One row per story: items of different feeds with the same canonical link or content share it.
CREATE TABLE stories (
  id         INTEGER PRIMARY KEY,
  first_seen INTEGER NOT NULL
);

CREATE TABLE items (
  id             INTEGER PRIMARY KEY,
  feed_id        INTEGER NOT NULL REFERENCES feeds(id),
  story_id       INTEGER NOT NULL REFERENCES stories(id),
  item_key       TEXT NOT NULL,          -- the parser's stable id
  guid           TEXT,                   -- the document's own id, when it gave one
  link           TEXT,
  canonical_link TEXT,                   -- link without tracking parameters, normalized
  title          TEXT,
  author         TEXT,
  author_email   TEXT,
  published      INTEGER,
  updated        INTEGER,
  item_time      INTEGER NOT NULL,       -- published, else updated, else first_seen; never future
  summary_html   TEXT,
  content_html   TEXT,
  text           TEXT,                   -- plain text of content (else summary), for search
  language       TEXT,
  categories     TEXT,                   -- JSON array of strings
  enclosures     TEXT,                   -- JSON array of {url, type, length}
  comments_url   TEXT,
  content_hash   INTEGER NOT NULL,       -- of normalized title + text
  first_seen     INTEGER NOT NULL,
  last_changed   INTEGER NOT NULL,
  revision_count INTEGER NOT NULL DEFAULT 0,
  full_text      TEXT,                   -- the article's main text (extractor)
  full_text_time INTEGER
);
CREATE INDEX items_feed_key  ON items(feed_id, item_key);
CREATE INDEX items_feed_link ON items(feed_id, link);
CREATE INDEX items_hash      ON items(content_hash);
CREATE INDEX items_canonical ON items(canonical_link);
CREATE INDEX items_time      ON items(item_time);
CREATE INDEX items_feed_time ON items(feed_id, item_time);
CREATE INDEX items_story     ON items(story_id);

CREATE VIRTUAL TABLE items_fts USING fts5(
  title, text, full_text,
  content = 'items', content_rowid = 'id',
  tokenize = 'porter tidings'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, text, full_text)
    VALUES (new.id, new.title, new.text, new.full_text);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text, full_text)
    VALUES ('delete', old.id, old.title, old.text, old.full_text);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, text, full_text ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text, full_text)
    VALUES ('delete', old.id, old.title, old.text, old.full_text);
  INSERT INTO items_fts(rowid, title, text, full_text)
    VALUES (new.id, new.title, new.text, new.full_text);
END;

-- The earlier versions of an item whose title or text changed (newest kept, see ingest.cc).
CREATE TABLE item_revisions (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  title        TEXT,
  link         TEXT,
  summary_html TEXT,
  content_html TEXT,
  content_hash INTEGER NOT NULL,
  replaced_at  INTEGER NOT NULL
);
CREATE INDEX item_revisions_item ON item_revisions(item_id);

CREATE TABLE user_state (
  item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  starred INTEGER NOT NULL DEFAULT 0,
  note    TEXT,
  changed INTEGER NOT NULL
);
CREATE INDEX user_state_starred ON user_state(starred) WHERE starred;

CREATE TABLE labels (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  added   INTEGER NOT NULL,
  PRIMARY KEY (item_id, name)
) WITHOUT ROWID;
CREATE INDEX labels_name ON labels(name);

-- Topic scores (the matcher): one row per item and topic it was scored for.
CREATE TABLE item_topics (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  topic   TEXT NOT NULL,
  score   REAL NOT NULL,
  matched INTEGER NOT NULL,
  why     TEXT,
  PRIMARY KEY (item_id, topic)
) WITHOUT ROWID;
CREATE INDEX item_topics_topic ON item_topics(topic, matched);

-- Raw article pages, kept for re-extraction until retention drops them.
CREATE TABLE pages (
  item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  url          TEXT NOT NULL,
  fetched      INTEGER NOT NULL,
  content_type TEXT,
  body         BLOB NOT NULL
);
CREATE INDEX pages_fetched ON pages(fetched);

-- Keys of pruned items ("id:...", "link:...", "hash:..."), so a feed still serving them does not
-- bring them back.
CREATE TABLE tombstones (
  feed_id   INTEGER NOT NULL REFERENCES feeds(id),
  key       TEXT NOT NULL,
  pruned_at INTEGER NOT NULL,
  PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE INDEX tombstones_pruned ON tombstones(pruned_at);
)sql";

// Version 2: what the daemon's scheduler keeps per feed.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE feeds ADD COLUMN interval_seconds INTEGER;  -- the adaptive poll interval now in use
ALTER TABLE feeds ADD COLUMN schedule TEXT;             -- the scheduler's state (JSON, daemon/)
ALTER TABLE feeds ADD COLUMN fetch_url TEXT;            -- where a 301/308 moved the feed
ALTER TABLE feeds ADD COLUMN failing_since INTEGER;     -- first failure of the current streak
ALTER TABLE feeds ADD COLUMN disabled_reason TEXT;      -- set when the feed is gone (410)
)sql";

// Version 3: topic feedback and the outcome of fetching each item's article.
constexpr const char* kVersion3 = R"sql(
-- The user's judgement of an item for a topic (`tidings mark`). Title and text are copied so the
-- label still trains the topic after retention prunes the item.
CREATE TABLE topic_labels (
  item_id  INTEGER NOT NULL,
  topic    TEXT NOT NULL,
  relevant INTEGER NOT NULL,
  title    TEXT NOT NULL,
  text     TEXT NOT NULL,
  added    INTEGER NOT NULL,
  PRIMARY KEY (item_id, topic)
) WITHOUT ROWID;
CREATE INDEX topic_labels_topic ON topic_labels(topic);
ALTER TABLE item_topics ADD COLUMN scored INTEGER;  -- when this score was computed
CREATE INDEX item_topics_matched ON item_topics(topic, item_id) WHERE matched;

-- One row per item whose article the daemon tried to fetch: what happened, and what the
-- extractor found. The text itself is items.full_text (indexed); the raw page is in pages.
CREATE TABLE articles (
  item_id       INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  outcome       TEXT NOT NULL,     -- article, consent_wall, paywall, bot_challenge, no_content,
                                   -- robots_denied, noarchive, too_large, http_error, fetch_error
  error         TEXT,              -- the fetch or extraction error, for people
  attempts      INTEGER NOT NULL,
  next_attempt  INTEGER,           -- when to try again (NULL: never)
  final_url     TEXT,              -- after redirects
  canonical_url TEXT,              -- rel=canonical or og:url
  html          TEXT,              -- sanitized main content
  metadata      TEXT,              -- JSON: title, byline, published, lead_image, language, site_name
  fetched       INTEGER NOT NULL
);
CREATE INDEX articles_retry ON articles(next_attempt) WHERE next_attempt IS NOT NULL;
ALTER TABLE feeds ADD COLUMN article_failures INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 4: the search index learns each item's feed (a token "f<feed id>" in a fourth column),
// so a feed: filter narrows the full-text match itself instead of ranking every item of every
// feed first. The index is rebuilt from the items, which takes a while on a large archive.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE items ADD COLUMN fts_feed TEXT GENERATED ALWAYS AS ('f' || feed_id) VIRTUAL;
DROP TRIGGER items_fts_insert;
DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
DROP TABLE items_fts;
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, text, full_text, fts_feed,
  content = 'items', content_rowid = 'id',
  tokenize = 'porter tidings'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, text, full_text, fts_feed)
    VALUES (new.id, new.title, new.text, new.full_text, new.fts_feed);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text, full_text, fts_feed)
    VALUES ('delete', old.id, old.title, old.text, old.full_text, old.fts_feed);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, text, full_text ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text, full_text, fts_feed)
    VALUES ('delete', old.id, old.title, old.text, old.full_text, old.fts_feed);
  INSERT INTO items_fts(rowid, title, text, full_text, fts_feed)
    VALUES (new.id, new.title, new.text, new.full_text, new.fts_feed);
END;
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
)sql";

// Version 5: the filter column also holds the item's day, "fd<days since 1970-01-01>" (UTC), so
// since: and until: narrow the full-text match as feed: does, instead of ranking every match of
// every day first. The column is renamed for what it now holds, and the index rebuilt.
constexpr const char* kVersion5 = R"sql(
DROP TRIGGER items_fts_insert;
DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
DROP TABLE items_fts;
ALTER TABLE items DROP COLUMN fts_feed;
ALTER TABLE items ADD COLUMN fts_filter TEXT
  GENERATED ALWAYS AS ('f' || feed_id || ' fd' || (item_time / 86400)) VIRTUAL;
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, text, full_text, fts_filter,
  content = 'items', content_rowid = 'id',
  tokenize = 'porter tidings'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, text, full_text, fts_filter)
    VALUES (new.id, new.title, new.text, new.full_text, new.fts_filter);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text, full_text, fts_filter)
    VALUES ('delete', old.id, old.title, old.text, old.full_text, old.fts_filter);
END;
CREATE TRIGGER items_fts_update
AFTER UPDATE OF title, text, full_text, feed_id, item_time ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text, full_text, fts_filter)
    VALUES ('delete', old.id, old.title, old.text, old.full_text, old.fts_filter);
  INSERT INTO items_fts(rowid, title, text, full_text, fts_filter)
    VALUES (new.id, new.title, new.text, new.full_text, new.fts_filter);
END;
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
)sql";

// Version 6: the tokenizer reads Traditional Chinese characters as Simplified (計算機 is 计算机,
// base/han_simplified.h). Rows indexed before would no longer match their own words, and the
// triggers' 'delete' of such a row would remove tokens that were never added: the index is
// rebuilt from the items.
constexpr const char* kVersion6 = R"sql(
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
)sql";

constexpr Migration kMigrations[] = {
    {1, kVersion1}, {2, kVersion2}, {3, kVersion3}, {4, kVersion4}, {5, kVersion5}, {6, kVersion6},
};

static_assert(kMigrations[std::size(kMigrations) - 1].version == kSchemaVersion);

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace tidings::storage
