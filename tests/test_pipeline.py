"""Library entry points: extract, ingest, readings cache, report."""

from storyweave.config import Settings
from storyweave.pipeline import extract, ingest, readings_for, story_json
from storyweave.records import Article, Dropped
from storyweave.store import SqliteStore


def test_extract_yields_one_record_per_input_in_order(tmp_path, demo_dir):
    (tmp_path / "a.txt").write_text((demo_dir / "000_caf5cc1dc99393f6.txt").read_text())
    (tmp_path / "b.txt").write_text("")
    items = list(extract([str(tmp_path)], Settings()))
    assert [type(i) for i in items] == [Article, Dropped]
    assert items[1].code == "empty"


def test_readings_are_cached_and_a_readonly_store_is_not_written(tmp_path, demo_dir):
    path = tmp_path / "p.db"
    with SqliteStore(path) as store:
        ingest(store, [str(demo_dir)], Settings())
        [story_id] = [r["id"] for r in store.story_rows()]
    before = path.read_bytes()
    with SqliteStore(path, readonly=True) as ro:
        story = story_json(ro, story_id, Settings())
    assert path.read_bytes() == before
    assert len(story["articles"]) == 5
    with SqliteStore(path) as store:
        articles = list(store.iter_articles())
        first = readings_for(store, articles)
        cached = store._db.execute("SELECT count(*) FROM readings").fetchone()[0]
        assert cached == 5
        assert readings_for(store, articles) == first


def test_reading_cache_version_covers_every_module_the_reader_imports():
    """The stored-readings cache is keyed by a hash of READING_MODULES; a
    module the reader imports but the list misses would leave stale readings."""
    import ast
    from pathlib import Path

    from storyweave.pipeline import READING_MODULES

    src = Path(__file__).resolve().parents[1] / "src" / "storyweave"
    for name in READING_MODULES:
        tree = ast.parse((src / f"{name}.py").read_text())
        imported = {node.module.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
        assert imported <= set(READING_MODULES), (name, imported - set(READING_MODULES))
