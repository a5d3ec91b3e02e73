-- A version 6 tidings archive: schema-v5.sql opened for writing by tidings (migration 6 ran: the
-- search index rebuilt by the tokenizer that reads Traditional Chinese as Simplified; `tidings
-- star 1`); dumped with sqlite3 .dump (plus the two PRAGMAs at the end, which .dump omits).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
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
, interval_seconds INTEGER, schedule TEXT, fetch_url TEXT, failing_since INTEGER, disabled_reason TEXT, article_failures INTEGER NOT NULL DEFAULT 0);
INSERT INTO feeds VALUES(1,'https://www.youtube.com/feeds/videos.xml','TED-Ed','https://www.youtube.com/channel/UCsooa4yRKGN_zEE8iknghZA',NULL,NULL,1795896437,1795896437,NULL,0,0,200,NULL,0,1,0,2,0,1795896437,3600,'{"interval_seconds":3600}','https://www.youtube.com/feeds/videos.xml?channel_id=x',NULL,NULL,0);
INSERT INTO feeds VALUES(2,'https://blog.example.org/feed','Open Data Portal: new datasets','https://data.example.gov/datasets',NULL,NULL,1795896438,1795896438,NULL,0,0,200,NULL,0,1,0,2,0,1795896438,NULL,NULL,NULL,NULL,NULL,0);
CREATE TABLE stories (
  id         INTEGER PRIMARY KEY,
  first_seen INTEGER NOT NULL
);
INSERT INTO stories VALUES(1,1795896437);
INSERT INTO stories VALUES(2,1795896437);
INSERT INTO stories VALUES(3,1795896438);
INSERT INTO stories VALUES(4,1795896438);
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
, fts_filter TEXT
  GENERATED ALWAYS AS ('f' || feed_id || ' fd' || (item_time / 86400)) VIRTUAL);
INSERT INTO items VALUES(1,1,1,'yt:video:q3Xq2R8bT0c','yt:video:q3Xq2R8bT0c','https://www.youtube.com/watch?v=q3Xq2R8bT0c','https://youtube.com/watch?v=q3Xq2R8bT0c','Why do cats act so weird? - Tony Buffington','TED-Ed',NULL,1705593612,1706757105,1705593612,'Explore the science behind the strange things cats do, from kneading to chasing invisible prey.',NULL,'Explore the science behind the strange things cats do, from kneading to chasing invisible prey.',NULL,'[]','[{"length":null,"type":"application/x-shockwave-flash","url":"https://www.youtube.com/v/q3Xq2R8bT0c?version=3"}]',NULL,-3484181169710093818,1795896437,1795896437,0,NULL,NULL);
INSERT INTO items VALUES(2,1,2,'yt:video:Zk3lDlqyqxk','yt:video:Zk3lDlqyqxk','https://www.youtube.com/watch?v=Zk3lDlqyqxk','https://youtube.com/watch?v=Zk3lDlqyqxk','The myth of the moon''s dark side','TED-Ed',NULL,1704988806,1705046400,1704988806,'Every side of the moon gets sunlight.',NULL,'Every side of the moon gets sunlight.',NULL,'[]','[{"length":null,"type":"application/x-shockwave-flash","url":"https://www.youtube.com/v/Zk3lDlqyqxk?version=3"}]',NULL,5904365494330853512,1795896437,1795896437,0,NULL,NULL);
INSERT INTO items VALUES(3,2,3,'https://data.example.gov/datasets/air-quality-2023',NULL,'https://data.example.gov/datasets/air-quality-2023','https://data.example.gov/datasets/air-quality-2023','Air quality measurements 2023',NULL,NULL,1709283600,1709809200,1709283600,NULL,NULL,'',NULL,'["Environment"]','[]',NULL,5589734331862875330,1795896438,1795896438,0,NULL,NULL);
INSERT INTO items VALUES(4,2,4,'https://data.example.gov/datasets/bus-stops',NULL,'https://data.example.gov/datasets/bus-stops','https://data.example.gov/datasets/bus-stops','Bus stop locations',NULL,NULL,1708413300,NULL,1708413300,NULL,NULL,'',NULL,'["Transport"]','[]',NULL,-2846910189977659461,1795896438,1795896438,0,NULL,NULL);
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
CREATE TABLE user_state (
  item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  starred INTEGER NOT NULL DEFAULT 0,
  note    TEXT,
  changed INTEGER NOT NULL
);
INSERT INTO user_state VALUES(1,1,'keep',1795933494);
CREATE TABLE labels (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  added   INTEGER NOT NULL,
  PRIMARY KEY (item_id, name)
) WITHOUT ROWID;
INSERT INTO labels VALUES(2,'research',1795896438);
CREATE TABLE item_topics (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  topic   TEXT NOT NULL,
  score   REAL NOT NULL,
  matched INTEGER NOT NULL,
  why     TEXT, scored INTEGER,
  PRIMARY KEY (item_id, topic)
) WITHOUT ROWID;
INSERT INTO item_topics VALUES(1,'science',0.91000000000000003108,1,'quantum (title)',1700000000);
CREATE TABLE pages (
  item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  url          TEXT NOT NULL,
  fetched      INTEGER NOT NULL,
  content_type TEXT,
  body         BLOB NOT NULL
);
CREATE TABLE tombstones (
  feed_id   INTEGER NOT NULL REFERENCES feeds(id),
  key       TEXT NOT NULL,
  pruned_at INTEGER NOT NULL,
  PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE TABLE topic_labels (
  item_id  INTEGER NOT NULL,
  topic    TEXT NOT NULL,
  relevant INTEGER NOT NULL,
  title    TEXT NOT NULL,
  text     TEXT NOT NULL,
  added    INTEGER NOT NULL,
  PRIMARY KEY (item_id, topic)
) WITHOUT ROWID;
INSERT INTO topic_labels VALUES(1,'science',1,'t','x',1700000000);
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
INSERT INTO articles VALUES(2,'article',NULL,1,NULL,'https://example.org/a',NULL,NULL,NULL,1700000000);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','items_fts','items_fts',0,'CREATE VIRTUAL TABLE items_fts USING fts5(
  title, text, full_text, fts_filter,
  content = ''items'', content_rowid = ''id'',
  tokenize = ''porter tidings''
)');
CREATE TABLE IF NOT EXISTS 'items_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO items_fts_data VALUES(1,X'0417160008');
INSERT INTO items_fts_data VALUES(10,X'000000000101010001010101');
INSERT INTO items_fts_data VALUES(137438953473,X'000001b40530323032330302050103616374010205020269720302020106626568696e64010601010502017504020203086666696e67746f6e0102090103636174010804010109020468617365010601010e01046461726b02020802016f01080301010a010565766572690206010102020578706c6f720106010102010266310106010302010601030202013203060103020106010302020664313937333302060103030602343001060103030602373304060103030602383303060103030203726f6d010601010b010367657402060101070105696e766973010601010f01056b6e656164010601010c01056c6f63617404020401066d656173757203020402036f6f6e020806010106020379746802020301026f66020804010104010470726569010601011001077175616c69746903020301017302020702056369656e630106010104020369646502080901010302016f0102060203746f70040203030472616e6701060101070207756e6c6967687402060101080103746865010801010305010a02050101050303696e67010601010802016f010601010d03026e690102080105776569726401020702026879010202040908070d060d0b0b09090c0c0e0d0d0909090a0a0c0c0a0b0b080a0b0c060c0b06080b0e120a08070a');
CREATE TABLE IF NOT EXISTS 'items_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO items_fts_idx VALUES(1,X'',2);
CREATE TABLE IF NOT EXISTS 'items_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO items_fts_docsize VALUES(1,X'080f0002');
INSERT INTO items_fts_docsize VALUES(2,X'08070002');
INSERT INTO items_fts_docsize VALUES(3,X'04000002');
INSERT INTO items_fts_docsize VALUES(4,X'03000002');
CREATE TABLE IF NOT EXISTS 'items_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO items_fts_config VALUES('version',4);
CREATE INDEX items_feed_key  ON items(feed_id, item_key);
CREATE INDEX items_feed_link ON items(feed_id, link);
CREATE INDEX items_hash      ON items(content_hash);
CREATE INDEX items_canonical ON items(canonical_link);
CREATE INDEX items_time      ON items(item_time);
CREATE INDEX items_feed_time ON items(feed_id, item_time);
CREATE INDEX items_story     ON items(story_id);
CREATE INDEX item_revisions_item ON item_revisions(item_id);
CREATE INDEX user_state_starred ON user_state(starred) WHERE starred;
CREATE INDEX labels_name ON labels(name);
CREATE INDEX item_topics_topic ON item_topics(topic, matched);
CREATE INDEX pages_fetched ON pages(fetched);
CREATE INDEX tombstones_pruned ON tombstones(pruned_at);
CREATE INDEX topic_labels_topic ON topic_labels(topic);
CREATE INDEX item_topics_matched ON item_topics(topic, item_id) WHERE matched;
CREATE INDEX articles_retry ON articles(next_attempt) WHERE next_attempt IS NOT NULL;
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
PRAGMA writable_schema=OFF;
COMMIT;
PRAGMA user_version = 6;
PRAGMA application_id = 1952737139;
