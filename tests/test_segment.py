from hypothesis import given
from hypothesis import strategies as st

from sitroom.extract.segment import find_headings


def test_glued_heading_at_paragraph_end():
    text = "The army left the town. Rebels take the bridge\nIn the north, rebels seized the old bridge at dawn."
    assert [text[s:e] for s, e in find_headings(text)] == ["Rebels take the bridge"]


def test_heading_line_and_question_heading():
    text = "First paragraph ends here.\nTalks stall again\nThe delegations left Doha without a date for the next round of talks.\nWhat comes next?\nNobody in the capital could say what comes next for the two sides."
    heads = [text[s:e] for s, e in find_headings(text)]
    assert heads == ["Talks stall again", "What comes next?"]


def test_sentences_are_not_headings():
    text = "Fighting continued on Monday.\nThe governor said the roads were closed.\nResidents fled."
    assert find_headings(text) == []


def test_heading_gets_its_own_sentence(pipeline):
    doc = pipeline.nlp("The army left the town. Rebels take the bridge\nIn the north, rebels seized the old bridge.")
    sents = [s.text.strip() for s in doc.sents]
    assert "Rebels take the bridge" in sents


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_headings_are_spans_of_the_text(text):
    for s, e in find_headings(text):
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        assert "\n" not in text[s:e]


def test_hard_wrapped_text_is_unwrapped_keeping_offsets():
    para = (
        "The delegation met the governor of the province on Monday and agreed\n"
        "to reopen the road to the district centre, officials said after the\n"
        "meeting, which lasted most of the afternoon and ended without a joint\n"
        "statement from either side.\n\n"
    )
    text = para * 4
    from sitroom.extract.segment import is_hard_wrapped, unwrap

    assert is_hard_wrapped(text)
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert "agreed to reopen" in flat and "\n\n" in flat


def test_transcript_with_spaces_on_its_blank_lines_is_unwrapped():
    # a transcript's paragraphs end in two spaces and its blank lines hold spaces: still hard-wrapped text, and the
    # sentence "... through\ntwo decades of war" is one sentence again
    para = (
        "Of course, none of us do, because we have seen the way that they have\n"
        "conducted this war, because we have seen that they have been responsible\n"
        "for the deaths of men and women through\u00a0two decades of war, a war\n"
        "that nobody was prepared to continue for a third decade.  \n  \n"
    )
    text = para * 3
    from sitroom.extract.segment import is_hard_wrapped, unwrap

    assert is_hard_wrapped(text)
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert "they have conducted" in flat and "responsible for" in flat


def test_prose_with_short_paragraph_lines_is_left_alone():
    from sitroom.extract.segment import unwrap

    text = "Kabul: The Taliban took the city.\nTaliban take key headquarters\nIn Ghazni, fighters seized offices.\n"
    assert unwrap(text) == text


def test_wrapped_line_of_a_short_excerpt_continues_its_sentence(pipeline):
    # a sentence of a few lines (too short to be judged hard-wrapped text) goes on after a line break when the next
    # line opens in lower case after a word that ends no sentence; a capitalised line still starts a sentence
    doc = pipeline.nlp(
        "As a mark of respect for the soldiers and other victims\nkilled in the attack on August 26 in "
        "Kabul, flags will fly at half-staff.\nThe Taliban took the city."
    )
    sents = [" ".join(s.text.split()) for s in doc.sents]
    assert sents[0].startswith("As a mark") and "killed in the attack" in sents[0]
    assert sents[-1] == "The Taliban took the city."
