"""Attribution records (sitroom.extract.attribution.find_attributions) on made-up reports, through the real
pipeline: spans, modes, cues, resolved speakers, quotation segmentation, facts linked to their content."""

from __future__ import annotations

import pytest

from sitroom.extract.quotes import quote_spans


def _recs(extract, text):
    a = extract(text)
    return a, [
        (
            q.mode,
            q.source.text if q.source else None,
            q.cue.text if q.cue else None,
            q.speaker,
            q.speaker_type,
            q.text.text,
        )
        for q in a.quotes
    ]


def _by_content(recs, start):
    hits = [r for r in recs if r[5].startswith(start)]
    assert hits, f"no record whose content starts with {start!r}: {recs}"
    return hits[0]


def test_quote_segmentation():
    t = (
        'He said "the town fell," and \u201cthe army withdrew". Rebels\' homes burned. '
        'The group called it \'a victory\'.\n\n"We will go on.\n\n"And we will win," she said.'
    )
    got = [t[s:e] for s, e in quote_spans(t)]
    assert got == ["the town fell,", "the army withdrew", "a victory", "We will go on.", "And we will win,"]
    # a paragraph opening with a quotation mark never closed is a quotation to its end; a stray mark inside is not
    t = 'He spoke.\n\n"We had no water for three days.\n\nThe rebels\' "offer was rejected.'
    assert [t[s:e] for s, e in quote_spans(t)] == ["We had no water for three days."]


def test_indirect_direct_mixed_and_according_to(extract):
    text = (
        "Colonel Amadou Traore, the army's spokesman, told VOA that rebels had attacked a checkpoint near Gao.\n\n"
        '"We pushed them back within an hour," he said. "Three soldiers were wounded."\n\n'
        "According to local officials, at least 12 civilians were killed in the fighting.\n\n"
        'The rebel group said its fighters had "liberated" the town, a claim the army denied.'
    )
    a, recs = _recs(extract, text)
    r = _by_content(recs, "rebels had attacked a checkpoint")
    assert r[:5] == ("indirect", "Colonel Amadou Traore", "told VOA", "Amadou Traore", "person")
    r = _by_content(recs, "We pushed them back")
    assert r[:5] == ("direct", "he", "said", "Amadou Traore", "person")
    r = _by_content(recs, "Three soldiers were wounded")  # the passage goes on after the cue: same source
    assert r[:5] == ("direct", "he", "said", "Amadou Traore", "person")
    r = _by_content(recs, "at least 12 civilians")
    assert r[:5] == ("indirect", "local officials", "According to", "local officials", "anonymous")
    r = _by_content(recs, "its fighters had")
    assert r[0] == "mixed" and r[2] == "said"
    q = next(q for q in a.quotes if q.speaker == "Amadou Traore")
    assert q.role and "spokesman" in q.role
    assert q.outlet == "VOA"


def test_pronouns_agree_and_are_never_speakers(extract):
    text = (
        "Mrs. Fatima Bello, a nurse in Maiduguri, said the clinic was full. Her colleague, Mr. Musa Danjuma, "
        "said the road was closed.\n\nShe said medicine had run out.\n\n"
        "The villagers, who said they had fled overnight, reached the camp on Monday."
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "medicine had run out")
    assert r[3] == "Fatima Bello"  # "she": the woman, not the last person named
    assert all(r[3] and r[3].lower() not in ("she", "he", "they", "who", "which", "that") for r in recs), recs
    r = _by_content(recs, "they had fled overnight")  # the relative pronoun stands for the noun it modifies
    assert r[1] == "The villagers"


def test_organisations_parts_of_groups_and_capitals_as_speakers(extract):
    text = (
        "Fighting spread to Goma on Monday. The U.N. refugee agency said 3,000 people had fled the town. "
        "Doctors Without Borders said its clinic was full.\n\n"
        "The members of the U.N. Security Council condemned the attack on the camp.\n\n"
        "Many residents voiced anger at the army. One of them said the soldiers had left.\n\n"
        "Some activists claimed that 40 people were killed and others put the death toll at 12.\n\n"
        "Washington said the offensive must stop. Moscow said the strikes hit only military targets."
    )
    _, recs = _recs(extract, text)
    assert _by_content(recs, "3,000 people had fled")[3:5] == (
        "UNHCR",
        "organisation",
    )  # a description the registry knows
    assert _by_content(recs, "its clinic was full")[3:5] == ("Doctors Without Borders", "organisation")  # not "doctors"
    assert _by_content(recs, "the attack on the camp")[3] == "UN Security Council"  # its members speak for it
    r = _by_content(recs, "the soldiers had left")  # one of the group named before, kept anonymous with its description
    assert r[3:5] == ("one of the residents", "anonymous")
    assert _by_content(recs, "the death toll at 12")[3] == "other activists"
    assert _by_content(recs, "the offensive must stop")[3] == "United States"  # a capital speaking for its state
    assert _by_content(recs, "the strikes hit only")[3:5] == ("Government of Russia", "organisation")  # any country's


def test_a_role_named_right_after_is_that_person(extract):
    text = (
        "A car bomb exploded at a hotel in Beledweyne on Tuesday.\n\n"
        "The governor of the Hiran region, who was at the hotel, says eleven soldiers died.\n\n"
        "Abdi Farah Laqanyo also says eight attackers were killed.\n\n"
        "The commander of the police unit said the road was closed. Residents said they heard gunfire.\n\n"
        "The president of the council said the talks would resume. Opposition leader Musa Keita said they would not."
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "eleven soldiers died")
    assert r[3].endswith("Laqanyo") and r[4] == "person", r  # the name as the tagger reads it
    assert _by_content(recs, "the road was closed")[4] != "person"  # no name given for this one: it stays a description
    assert _by_content(recs, "the talks would resume")[4] != "person"  # the next one named has a role of his own


def test_a_quotation_cut_short_by_the_end_of_the_text(extract):
    text = 'The talks ended in Manila. "This deal is a testament to trust," he said. "It shows how far we have come'
    _, recs = _recs(extract, text)
    assert not any(r[1] == "It" for r in recs), recs  # "It shows" inside the unclosed quotation is no cue


def test_transcript_turns_and_question_markers(extract):
    """A question's turn is a reporter's (gold/README.md): the marker is its source, never its speaker."""
    text = (
        "Reporter Jane Okello spoke to the governor, Peter Mwangi.\n\n"
        "Q: Is the town safe?\n\n"
        "MWANGI: The town is safe and the schools will open on Monday.\n"
    )
    _, recs = _recs(extract, text)
    assert _by_content(recs, "Is the town safe")[:5] == ("direct", "Q", ":", "a reporter", "anonymous")
    assert not any(r[3] in ("Q", "A") for r in recs), recs
    r = _by_content(recs, "The town is safe")
    assert r[1] == "MWANGI" and r[2] == ":" and r[3] == "Peter Mwangi" and r[0] == "direct"
    assert r[5].endswith("on Monday")  # in a report, a quoted exchange's turn ends with its paragraph


def test_a_transcripts_turns_run_across_paragraphs_and_hold_the_attributions_inside(extract):
    text = (
        "PRESS BRIEFING\n\n"
        "MODERATOR:\xa0 Thanks, everyone, for joining.\n\n"
        "MS. ADEYEMI:\xa0 Good morning.\xa0 The convoy reached Maiduguri overnight.\n\n"
        "The governor told us that the road to Bama stays closed.\n\n"
        "Q\xa0\xa0\xa0 Will the army reopen it?\n\n"
        "MS. ADEYEMI:\xa0 We expect so.\n\n"
        "11:02 A.M. WAT\n"
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "Good morning")
    assert r[:2] == ("direct", "MS. ADEYEMI") and r[5].endswith("stays closed"), r
    assert _by_content(recs, "Thanks, everyone")[3:5] == ("the moderator", "anonymous")
    assert _by_content(recs, "Will the army")[1:5] == ("Q", "Q", "a reporter", "anonymous")
    assert _by_content(recs, "We expect so")[5] == "We expect so"  # the time stamp closes the last turn
    assert _by_content(recs, "the road to Bama")[1:4] == ("The governor", "told us", "The governor")


def test_a_turn_runs_across_paragraphs_and_a_he_inside_it_is_someone_else(extract):
    """In a transcript a turn runs over its paragraphs to the next marker (a "Q" set off by non-breaking spaces,
    with no colon, is one), the closing time stamp left out; inside a turn "he" is a third person (the speaker is
    "I"), here the President the briefing names; "A" opens no record."""
    text = (
        "10:02 A.M. EST\n\nMR. KOSKI:\xa0 Our briefer today is Press Secretary Dana Moreau.\n\n"
        "MS. MOREAU:\xa0 Good morning.\xa0 President Maria Lindqvist will travel to the border today.\n\n"
        "She will argue that the new crossing must open before the winter.\n\n"
        "Q\xa0\xa0\xa0 Will the convoy leave on Monday?\n\n"
        "MS. MOREAU:\xa0 I expect it will.\xa0 The President has said that the convoy is ready.\n\n"
        "A:\xa0 No further questions.\n\n10:31 A.M. EST\n"
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "Good morning")
    assert r[:4] == ("direct", "MS. MOREAU", ":", "Dana Moreau") and r[5].endswith("before the winter"), r
    assert _by_content(recs, "the new crossing must open")[1:4] == ("She", "will argue", "Maria Lindqvist")
    assert _by_content(recs, "Will the convoy leave")[1:5] == ("Q", "Q", "a reporter", "anonymous")
    r = _by_content(recs, "I expect it will")
    assert r[3] == "Dana Moreau" and r[5].endswith("the convoy is ready"), r
    assert _by_content(recs, "the convoy is ready")[1:4] == ("The President", "has said", "Maria Lindqvist")
    assert not any(r[5].startswith("No further") or "A.M." in r[5] for r in recs), recs


def test_the_president_is_the_holder_on_the_texts_date(extract):
    """With no name in the text, "the President" of a White House text is the holder of the office on the text's
    date (sitroom/data/offices.yaml); with no date, the phrase stays, its title the role."""
    text = (
        "MS. LEE:\xa0 Good afternoon.\xa0 The President has said that the evacuation will go on.\n\n"
        "Q\xa0\xa0\xa0 Will the White House send more troops?\n"
    )
    a = extract(text, published="2021-08-20")
    r = next(q for q in a.quotes if q.text.text.startswith("the evacuation"))
    assert (r.speaker, r.speaker_type, r.role) == ("Joe Biden", "person", "President")
    b = extract(text, published=None)
    r = next(q for q in b.quotes if q.text.text.startswith("the evacuation"))
    assert r.speaker == "The President" and r.role == "President", (r.speaker, r.role)


def test_a_transcript_turn_runs_to_the_next_label_and_an_official_stays_anonymous(extract):
    text = (
        "MS. HORNE: Thanks for joining us.\nOur speaker is on background.\n"
        "SENIOR ADMINISTRATION OFFICIAL: The evacuation flights\nwill continue through the month.\n\n"
        "Q: Will they?\n"
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "Thanks for joining us")
    assert r[5].endswith("on background") and r[3] == "Horne"
    r = _by_content(recs, "The evacuation flights")
    assert r[5].endswith("through the month") and r[3:5] == ("senior administration official", "anonymous")


def test_a_question_marker_set_off_by_spaces_is_no_subject_and_no_speaker(extract):
    """Transcripts set "Q" off from the question with non-breaking or repeated spaces, and the parse then often
    makes it the subject of the turn's first verb: it is never a source; the clause's own subject is."""
    text = (
        "MS. LEE: Good afternoon.\n\n"
        "Q\xa0\xa0\xa0 So, in her letter today, the Minister said that the fuel would run out within 30 days.\n\n"
        "Q   But aid officials say the border crossing stays closed.\n\n"
        "Q\xa0\xa0\xa0 Do you think the army can hold the city?\n\n"
        "A U.S. intelligence official said the army would hold the city.\n"
    )
    a, recs = _recs(extract, text)
    assert not any(r[3] and (r[3] in ("Q", "A") or r[3].startswith(("Q ", "Q\xa0"))) for r in recs), recs
    assert not any(r[1] and r[1].startswith(("Q ", "Q\xa0")) for r in recs), recs
    assert _by_content(recs, "the fuel would run out")[1] == "the Minister"
    assert _by_content(recs, "the border crossing stays closed")[1:5] == (
        "aid officials",
        "say",
        "aid officials",
        "anonymous",
    )
    assert not any(r[5].startswith("the army can hold") for r in recs)  # a question asks; it reports nothing
    # an article opening its line is no turn marker
    assert _by_content(recs, "the army would hold the city")[1] == "A U.S. intelligence official"
    assert {f.by for f in a.forecasts} == {"the Minister"}, [(f.by, f.what) for f in a.forecasts]


def test_a_question_marker_in_a_hard_wrapped_transcript_is_no_speaker(extract):
    """A transcript wrapped at a fixed width, its turns apart by lines of non-breaking spaces: the parser sees the
    lines joined, so "Q" opens no line there, only a sentence after a wide gap; it is still no speaker."""
    text = (
        "MS. LEE: Good afternoon, everyone. We have a few updates for you today\n"
        "before we take your questions about the situation in the north of the\n"
        "country and the convoy that reached the border crossing this morning.\n\xa0\n"
        "Q\xa0\xa0\xa0 Some aid officials have said that the border crossing stays\n"
        "closed to every truck that carries fuel or medicine for the camps in\n"
        "the north, and that the militia has set up checkpoints on the highway.\n\xa0\n"
        "Q\xa0\xa0\xa0 So, in her letter today, the Minister said that the fuel in the\n"
        "camps would run out within 30 days unless the convoys can get through\n"
        "the checkpoints that the militia set up along the northern highway.\n\xa0\n"
        "MS. LEE: We have seen those reports, and we are in touch with the\n"
        "officials on the ground about the crossing and the convoys there.\n\n"
    )
    a, recs = _recs(extract, text)
    assert not any(r[3] and (r[3] in ("Q", "A") or r[3].startswith(("Q ", "Q\xa0"))) for r in recs), recs
    assert _by_content(recs, "the border crossing stays")[3] == "Some aid officials"
    assert _by_content(recs, "the fuel in the")[1] == "the Minister"
    assert {f.by for f in a.forecasts} <= {"the Minister"}, [(f.by, f.what) for f in a.forecasts]


@pytest.mark.parametrize(
    "text",
    [
        "Let me say that the talks will resume on Monday.",
        "Those who have argued that the army should stay are wrong, and some of them said so.",
        "Anyone who says that the ceasefire holds has not been to Kidal.",
    ],
)
def test_unresolved_pronouns_are_never_speakers(extract, text):
    from sitroom.extract.speakers import names_no_one

    _, recs = _recs(extract, text)
    assert not any(names_no_one(r[3] or "") or (r[3] or "").lower() in ("me", "those", "anyone") for r in recs), recs


def test_a_forecaster_named_by_a_pronoun_takes_the_speaker_or_none(extract):
    a = extract(
        "General Amina Diallo visited the front on Monday. She said the rebels could take Gao within "
        "30 days.\n\nThey could reach Timbuktu within weeks, he warned.",
        published="2021-08-11",
    )
    assert a.forecasts and all(f.by not in ("She", "she", "he", "He", "They") for f in a.forecasts), [
        (f.by, f.what) for f in a.forecasts
    ]
    assert any(f.by == "Amina Diallo" and "Gao" in f.what for f in a.forecasts), [(f.by, f.what) for f in a.forecasts]


def test_agentless_and_beliefs(extract):
    text = (
        "The militants are thought to be holding six hostages in the forest.\n\n"
        "Analysts believe the offensive will stall before the rains."
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "The militants are thought")
    assert r[1] is None and r[4] == "anonymous" and "thought" in r[2]
    r = _by_content(recs, "the offensive will stall")
    assert r[:4] == ("indirect", "Analysts", "believe", "Analysts")


def test_facts_are_linked_to_the_content_holding_them(extract):
    text = "Police said gunmen killed five people in an attack on a market in Maiduguri on Sunday."
    a, _ = _recs(extract, text)
    q = a.quotes[0]
    assert a.events, "an event was expected"
    e = a.events[0]
    assert e.attribution.quote == q.id and e.id in q.facts


@pytest.mark.parametrize("text", ["No one said anything.", '""', "'", "He said.", "\u201cFire!\u201d"])
def test_no_record_without_content_or_speaker(extract, text):
    assert extract(text).quotes == []


def test_cli_quotes_lists_the_records_of_a_store(tmp_path, capsys):
    import json

    from sitroom.serve.cli import main

    doc = tmp_path / "report.txt"
    doc.write_text(
        "Police said gunmen killed five people in Maiduguri on Sunday.\n\n"
        '"We are hunting them," police spokesman Ali Musa said.\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "s.sqlite")
    assert main(["ingest", str(doc), "--db", db, "--published", "2024-03-04", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["quotes", "--db", db, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["quotes"]
    assert [(q["mode"], q["speaker"], q["cue"]["text"]) for q in got] == [
        ("indirect", "Police", "said"),
        ("direct", "Ali Musa", "said"),
    ]
    assert (
        got[1]["content"]["text"] == "We are hunting them" and got[1]["source"]["text"] == "police spokesman Ali Musa"
    )
    assert got[0]["facts"], "the killing read from the content is linked"
    assert main(["quotes", "--db", db, "--mode", "direct"]) == 0
    out = capsys.readouterr().out
    assert "attributions: 1" in out and "Ali Musa" in out
    # the listing reads the quotes rows' own columns: an article document emptied in the store changes nothing
    import sqlite3

    with sqlite3.connect(db) as con:
        con.execute("UPDATE articles SET doc = '{}'")
    assert main(["quotes", "--db", db, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)["quotes"]
    keys = ("mode", "speaker", "speaker_id", "role", "source", "cue", "content", "facts")
    assert [[q[k] for k in keys] for q in again] == [[q[k] for k in keys] for q in got]


def test_cli_quotes_name_the_speakers_actor_id(tmp_path, capsys):
    """The resolved speaker's actor id is a column of the quotes row (schema 8): listed without the article."""
    import json
    import sqlite3

    from sitroom.serve.cli import main

    doc = tmp_path / "somalia.txt"
    doc.write_text(
        "Al-Shabaab said its fighters seized the town of Bulo Burde on Sunday.\n\n"
        '"We will retake it within days," Somali army commander Ahmed Ali said.\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "s.sqlite")
    assert main(["ingest", str(doc), "--db", db, "--published", "2024-03-04", "--quiet"]) == 0
    capsys.readouterr()
    with sqlite3.connect(db) as con:
        con.execute("UPDATE articles SET doc = '{}'")  # the listing reads the rows' own columns
    assert main(["quotes", "--db", db, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["quotes"]
    assert [(q["speaker_type"], q["speaker_id"]) for q in got] == [("organisation", "al-shabab"), ("person", None)]
    assert got[1]["speaker"] == "Ahmed Ali"


def test_cues_of_every_kind_on_reports_of_several_wars(extract):
    """The issue's segmentation and cue bullets, each on a sentence written for this test."""
    cases = [
        # a colon after a clause opens a quotation its subject says (the colon is the cue)
        (
            'The commander of the Kachin army, General Gun Maw, was blunt: "We will not give up Laiza."',
            "We will not give up Laiza",
            ("direct", ":", "Gun Maw"),
        ),
        # a short quotation after a cue and a colon ("replied", "wrote on Twitter")
        (
            'Asked whether talks would resume, Minister Ali Hassan replied: "Not now."',
            "Not now",
            ("direct", "replied", "Ali Hassan"),
        ),
        (
            'The Houthi spokesman Mohammed Salam wrote on Twitter: "The aggression will pay."',
            "The aggression will pay",
            ("direct", "wrote", "Mohammed Salam"),
        ),
        # accused ... of, denied + gerund, claimed, "in a statement, X said"
        (
            "The Sudanese army accused the Rapid Support Forces of shelling the hospital in El Fasher.",
            "shelling the hospital",
            ("indirect", "accused", None),
        ),
        (
            "The rebels claimed they had shot down a helicopter, but the army denied losing any aircraft.",
            "losing any aircraft",
            ("indirect", "denied", None),
        ),
        (
            "In a statement, the Malian junta said French troops had violated its airspace.",
            "French troops had violated",
            ("indirect", "said", None),
        ),
        # beliefs
        (
            "Western diplomats expect the junta to hold elections next year.",
            "the junta to hold",
            ("indirect", "expect", "Western diplomats"),
        ),
    ]
    for text, content, (mode, cue, speaker) in cases:
        _, recs = _recs(extract, text)
        r = _by_content(recs, content)
        assert r[0] == mode and r[2] == cue, (text, r)
        assert speaker is None or r[3] == speaker, (text, r)


def test_readout_cues_are_in_the_vocabulary(extract):
    text = (
        "Our commanders informed me that an attack on the airport is likely. The minister mentioned the curfew in "
        "Kano. General Musa reiterated the army's commitment to the ceasefire. He emphasized the need for aid."
    )
    _, recs = _recs(extract, text)
    assert _by_content(recs, "an attack on the airport")[2] == "informed me"
    assert _by_content(recs, "the curfew in")[2] == "mentioned"
    assert _by_content(recs, "the army's commitment")[2] == "reiterated"
    assert _by_content(recs, "the need for aid")[2:4] == ("emphasized", "Musa")


def test_the_presidents_own_turn_is_the_holders(extract):
    """ "THE PRESIDENT:" of a White House transcript is the holder on its date; with no country to tell which
    president, the turn keeps "The President"."""
    text = (
        "THE PRESIDENT:\xa0 Good evening.\xa0 The airlift ends tonight.\n\nQ\xa0\xa0\xa0 Mr. President, is it over?\n"
    )
    a = extract(text.replace("tonight", "tonight, the White House says"), published="2021-08-30")
    r = next(q for q in a.quotes if q.text.text.startswith("Good evening"))
    assert (r.speaker, r.source.text, r.cue.text) == ("Joe Biden", "THE PRESIDENT", ":")
    b = extract(text, published="2021-08-30")
    assert next(q for q in b.quotes if q.text.text.startswith("Good evening")).speaker == "The President"


def test_you_in_a_turn_is_the_other_party_and_a_question_reports_nothing(extract):
    """ "as you said" in an answer is the reporter's; "you said" in a question is the answerer's; "Did you say
    ...?" asks and reports nothing."""
    text = (
        "MS. LEE:\xa0 Good afternoon.\n\n"
        "Q\xa0\xa0\xa0 Yesterday you said that the crossing would open this week.\xa0 Did you say that the convoy "
        "was ready?\n\n"
        "MS. LEE:\xa0 As you noted, the crossing is closed.\xa0 We reiterated that the aid would reach the camps.\n"
    )
    _, recs = _recs(extract, text)
    assert _by_content(recs, "the crossing would open")[1:5] == ("you", "said", "Lee", "person")
    assert not any(r[5].startswith("the convoy was ready") for r in recs), recs
    assert _by_content(recs, "the crossing is closed")[1:5] == ("you", "noted", "a reporter", "anonymous")


def test_an_as_clause_opening_a_sentence_attributes_the_rest(extract):
    """ "As the minister has said many times, every time a soldier pins on ...": the main clause, whatever the
    tagger made of its verb, is what was said."""
    text = (
        "As the minister has said many times, every time a soldier pins on their badge and walks out the door, "
        "they are carrying a sacred responsibility."
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "every time a soldier")
    assert r[1:3] == ("the minister", "has said") and r[5].endswith("sacred responsibility"), r


def test_a_cue_noun_with_a_clause_and_whose_it_is(extract):
    """ "the minister's announcement that ...", "his promise to ...", "the recommendation of X to ...": the clause is
    the content, the possessor or the "of" phrase the source, the noun the cue; "our view that" is the speaker's."""
    text = (
        "Defence Minister Amina Yusuf spoke in Mogadishu on Monday. Since Mrs. Yusuf's announcement that the troops "
        "would leave Baidoa, the town has emptied. The order fulfils her campaign promise to bring the soldiers "
        "home. The plan follows the recommendation of the African Union to end the mission by June."
    )
    _, recs = _recs(extract, text)
    r = _by_content(recs, "the troops would leave Baidoa")
    assert r[2:5] == ("announcement", "Amina Yusuf", "person"), r
    assert _by_content(recs, "to bring the soldiers home")[2] == "campaign promise"
    assert _by_content(recs, "to end the mission")[1:3] == ("the African Union", "recommendation")


def test_a_dateline_or_a_pages_label_is_no_speaker(extract):
    """ "KIDAL: Rebels attacked ..." (a dateline in capitals) and "UPDATE:" / "NOTE:" (a page's labels) open no turn:
    only a label that names a person of the text, has a title, or is a transcript marker does."""
    for text in (
        "KIDAL: Rebels attacked an army base on Sunday, killing five soldiers.\n\nNOTE: This story was updated.",
        "BREAKING: Fighting in the north.\n\nUPDATE: Government troops retook Kidal on Monday.",
    ):
        doc, recs = _recs(extract, text)
        assert not any(r[3] in ("Kidal", "Note", "Breaking", "Update") for r in recs), recs
        assert all(e.attribution.source not in ("Kidal", "Update", "Note") for e in doc.events)


def test_the_office_holders_name_stops_at_a_weekday_or_a_possessive(extract):
    """Wire style runs the day into the name ("President Bola Tinubu Tuesday ordered ..."); a possessive ends it."""
    for first, who in (
        ("President Bola Tinubu Tuesday ordered more troops to Maiduguri.", "Bola Tinubu"),
        ("President Tinubu's envoy arrived in Abuja on Monday.", "Tinubu"),
    ):
        _, recs = _recs(extract, first + "\n\nThe President said the road must reopen.")
        assert _by_content(recs, "the road must reopen")[3] == who, recs
