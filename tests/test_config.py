import pytest

from storyweave.config import Settings, load_settings
from storyweave.errors import ConfigError


def test_defaults(tmp_path):
    assert load_settings(tmp_path / "none.toml", env={}) == Settings()


def test_precedence_file_then_env_then_flags(tmp_path):
    path = tmp_path / "storyweave.toml"
    path.write_text('db = "file.db"\nsummary-words = 60\n')
    s = load_settings(path, env={"STORYWEAVE_DB": "env.db"})
    assert (s.db, s.summary_words) == ("env.db", 60)
    s = load_settings(path, env={"STORYWEAVE_DB": "env.db"}, db="flag.db", summary_words=None)
    assert (s.db, s.summary_words) == ("flag.db", 60)


@pytest.mark.parametrize(
    "content, message",
    [("db = [", "not valid TOML"), ("colour = 1", "unknown setting 'colour'"), ("summary_words = 'x'", "must be a int")],
)
def test_bad_config_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "storyweave.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env={})


def test_bad_env_value_names_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="max_document_bytes"):
        load_settings(tmp_path / "none.toml", env={"STORYWEAVE_MAX_DOCUMENT_BYTES": "lots"})
