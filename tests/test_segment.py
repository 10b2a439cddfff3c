from hypothesis import given, strategies as st

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
