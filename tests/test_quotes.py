import pytest
from hypothesis import given, settings, strategies as st

from reading_fixture import article, parse
from storyweave.entities import extract_entities
from storyweave.quotes import extract_quotes


def _quotes(*paragraphs):
    p = parse(article(*paragraphs))
    r = extract_entities(p)
    return [(q, r.entities[q.speaker].name if q.speaker is not None else None) for q in extract_quotes(p, r.mentions)]


def _direct(*paragraphs):
    return [(q, name) for q, name in _quotes(*paragraphs) if q.direct and not q.fragment]


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        ("“We are ready for talks,” Vladimir Putin said.", "We are ready for talks", "Vladimir Putin", "say"),
        ("Vladimir Putin said, “We are ready for talks.”", "We are ready for talks.", "Vladimir Putin", "say"),
        ("Donald Trump wrote: “Have the meeting, now!”", "Have the meeting, now!", "Donald Trump", "write"),
        ("“Have the meeting, now!” Donald Trump wrote.", "Have the meeting, now!", "Donald Trump", "write"),
        ('"We will focus on the future," Oksana Markarova said.', "We will focus on the future", "Oksana Markarova", "say"),
        ("“First a ceasefire. Then everything else,” said Andriy Yermak.", "First a ceasefire. Then everything else", "Andriy Yermak", "say"),
    ],
)
def test_direct_quote_with_speaker(text, content, speaker, cue):
    found = _direct(text)
    assert len(found) == 1, found
    q, name = found[0]
    assert (q.text, name, q.cue) == (content, speaker, cue)


def test_quote_split_around_attribution_is_one_quote_with_parts():
    found = _direct("“There is no point in prolonging the killings,” Volodymyr Zelensky said. “I will be waiting for Putin.”")
    assert len(found) == 1
    q, name = found[0]
    assert name == "Volodymyr Zelensky" and len(q.parts) == 2
    assert q.text.startswith("There is no point") and q.text.endswith("waiting for Putin.")


def test_pronoun_speaker_resolves_to_person():
    found = _direct("Keir Starmer spoke in London on Monday.", "“This is not optional,” he told the BBC.")
    q, name = found[0]
    assert name == "Keir Starmer" and q.speaker_text == "he" and q.medium == "BBC" and q.cue == "tell"


@pytest.mark.parametrize(
    "text, speaker, cue, medium",
    [
        ("Russian officials said that the talks would start on Thursday.", "Russian officials", "say", None),
        ("Dmitry Peskov told reporters the Kremlin was open to talks.", "Dmitry Peskov", "tell", None),
        ("Donald Trump wrote on Truth Social that the meeting should happen now.", "Donald Trump", "write", "Truth Social"),
        ("According to Dmitry Peskov, the Kremlin has not decided on the talks.", "Dmitry Peskov", "according to", None),
    ],
)
def test_indirect_speech(text, speaker, cue, medium):
    found = [q for q, _ in _quotes(text) if not q.direct]
    assert len(found) == 1, found
    q = found[0]
    assert (q.speaker_text, q.cue, q.medium) == (speaker, cue, medium)


def test_scare_quote_is_kept_as_fragment():
    found = _quotes("Vladimir Putin invited Ukraine to what he called “serious negotiations” in Istanbul.")
    frags = [q for q, _ in found if q.fragment]
    assert frags and frags[0].text == "serious negotiations" and frags[0].speaker_text == "he"


def test_unbalanced_quote_runs_to_end_of_paragraph():
    found = _quotes("“We will not stop, Vladimir Putin said to nobody", "Next paragraph.")
    assert found and found[0][0].text.endswith("nobody")


def test_offsets_index_text():
    text = "“We are ready,” Vladimir Putin said. Dmitry Peskov told reporters the Kremlin was open to talks."
    for q, _ in _quotes(text):
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_text


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cX.,“”\"'\n:said")), max_size=120))
def test_junk_never_raises(text):
    _quotes(text)


def test_headline_colon_attribution():
    found = _quotes("Lindsey Graham: Trump Is Destroying the Party", "Senator Lindsey Graham spoke on Sunday.")
    q = [q for q, _ in found if q.speaker_text == "Lindsey Graham"]
    assert q and q[0].text == "Trump Is Destroying the Party"


def test_single_curly_marks_quote_but_apostrophes_do_not():
    found = _quotes("Donald Trump said Ted Cruz ‘has to come a long way’ on ethanol. It’s Trump’s view.")
    texts = [q.text for q, _ in found if q.direct]
    assert texts == ["has to come a long way"]


def test_quote_paragraph_introduced_by_colon_in_previous_paragraph():
    found = _direct("In a speech on Monday, Vladimir Putin declared:", "“We are ready for serious talks with Ukraine.”")
    assert found and found[0][1] == "Vladimir Putin" and found[0][0].cue == "declare"


def test_call_with_quoted_complement_is_reported():
    found = _quotes("Donald Trump called Ted Cruz a “nasty guy” on Monday.")
    ind = [q for q, _ in found if not q.direct]
    assert ind and "nasty guy" in ind[0].text and ind[0].speaker_text == "Donald Trump" and ind[0].cue == "call"


def test_speaker_inherited_through_preposition():
    found = _direct("When he returned, Judge Berman began by saying, “I do not think jail is necessary.”")
    assert found and found[0][0].speaker_text == "Judge Berman"


def test_quotation_running_over_paragraphs_is_one_quote():
    found = _direct("“We will not stop until the war is over.", "“We will keep fighting,” Vladimir Putin said.")
    assert len(found) == 1
    q, name = found[0]
    assert name == "Vladimir Putin" and len(q.parts) == 2


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("Photo Credit: Getty Images", "Vladimir Putin spoke on Monday."),
        ("Vladimir Putin invited Ukraine to what he called “serious negotiations” about the war, which began in 2022.",),
    ],
)
def test_no_indirect_quote_from_labels_or_wh_objects(paragraphs):
    assert not [q for q, _ in _quotes(*paragraphs) if not q.direct]


def test_quoted_subject_is_not_its_own_speaker():
    found = _quotes("The so-called “coalition of the willing” warned of new sanctions.")
    assert all(q.speaker_text is None for q, _ in found if q.direct)
