-- The story list aggregates a few columns of every article; a covering index
-- keeps that scan off the large rows (text, record JSON). Measured with
-- bench/web.py: story list at 10k articles.
CREATE INDEX articles_listing ON articles(id, seq, published, source);
CREATE INDEX story_articles_listing ON story_articles(story_id, article_id);
