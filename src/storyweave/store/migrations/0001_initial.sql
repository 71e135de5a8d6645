-- Articles: one row per distinct content. id is a content hash, so re-ingesting
-- the same document is a no-op. Rows sharing a url are revisions of one article.
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,          -- arrival order; also the FTS rowid
    id           TEXT NOT NULL UNIQUE,
    ref          TEXT NOT NULL,
    url          TEXT,
    source       TEXT,
    title        TEXT,
    published    TEXT,
    author       TEXT,
    story_key    TEXT,
    partial      INTEGER NOT NULL DEFAULT 0,
    text         TEXT NOT NULL,
    record       TEXT NOT NULL,                -- the full Article record as JSON
    revision     INTEGER NOT NULL DEFAULT 1,   -- 1 + number of earlier rows with the same url
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_published ON articles(published);

-- Documents that could not be used, and why. id is a hash of all four fields.
CREATE TABLE dropped (
    id       TEXT PRIMARY KEY,
    ref      TEXT NOT NULL,
    stage    TEXT NOT NULL,
    code     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- What the reading layer found in each article (a Reading record as JSON).
CREATE TABLE readings (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    version     TEXT NOT NULL,
    record      TEXT NOT NULL
);

-- Grouping features of each article (JSON), from which the story index can be rebuilt.
CREATE TABLE features (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    version     TEXT NOT NULL,
    data        BLOB NOT NULL
);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    key         TEXT UNIQUE,                  -- a story key the user gave, if any
    title       TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    story_id    TEXT NOT NULL REFERENCES stories(id),
    score       REAL,
    components  TEXT                          -- JSON: why the article joined
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- User corrections (merge, split, move); they survive re-clustering.
CREATE TABLE corrections (
    seq   INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'move')),
    data  TEXT NOT NULL,
    at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Full-text search over titles and bodies (external content table).
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
