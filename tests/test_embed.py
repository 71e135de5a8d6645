import numpy as np
import pytest

from storyweave import embed
from storyweave.errors import StoryweaveError


def test_rows_are_float32_and_unit_length():
    vectors = embed.embed(["Police detained the mayor.", "A volcano erupted in Iceland."])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, embed.dim())
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrase_is_closer_than_unrelated_text():
    a, b, c = embed.embed(
        ["Police arrested the mayor of the city", "The city's mayor was detained by police", "Rain is expected on Sunday"]
    )
    assert a @ b > a @ c + 0.3


@pytest.mark.parametrize("text", ["", "   ", "!!!", "Der Bürgermeister wurde verhaftet", "x" * 20000])
def test_odd_texts_do_not_crash(text):
    vectors = embed.embed([text])
    assert vectors.shape == (1, embed.dim())
    assert np.all(np.isfinite(vectors))


def test_empty_batch():
    assert embed.embed([]).shape == (0, embed.dim())


def test_missing_artifact_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYWEAVE_EMBEDDER_DIR", str(tmp_path))
    embed.reset()
    try:
        with pytest.raises(StoryweaveError, match="rebuild it with scripts/build_embedder.py"):
            embed.embed(["anything"])
    finally:
        monkeypatch.delenv("STORYWEAVE_EMBEDDER_DIR")
        embed.reset()


def test_loads_from_the_package_folder_only():
    assert (embed.MODEL_DIR / "model.safetensors").is_file()
    embed.reset()
    assert embed.get_model() is embed.get_model()
