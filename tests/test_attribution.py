import pytest

from reading_fixture import article, parse
from storyweave.attribution import SPEECH_CUES, _is_cue, _medium, _subject


def _cue(text):
    p = parse(article(text))
    doc = p.docs[0][1]
    return next(t for t in doc if _is_cue(t, SPEECH_CUES | {"according"}))


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Dmitry Peskov said the talks would go on.", "Peskov"),
        ("“We are ready,” said Vladimir Putin.", "Putin"),
        ("Emmanuel Macron, who wrote that talks must wait, left early.", "Macron"),
        ("Zelensky reacted quickly, saying he would attend.", "Zelensky"),
        ("According to Dmitry Peskov, nothing has been decided.", "Peskov"),
    ],
)
def test_speaker_of_cue(text, speaker):
    assert _subject(_cue(text)).text == speaker


@pytest.mark.parametrize(
    "text, medium",
    [
        ("Trump wrote on Truth Social that talks must start.", "Truth Social"),
        ("Starmer told the BBC that it was not optional.", "BBC"),
        ("Peskov said in a statement that talks would go on.", "statement"),
        ("Peskov said in an interview with CNN that talks would go on.", "CNN"),
        ("Peskov said on Monday that talks would go on.", None),
        ("Peskov said in Moscow that talks would go on.", None),
    ],
)
def test_medium_of_cue(text, medium):
    assert _medium(_cue(text)) == medium
