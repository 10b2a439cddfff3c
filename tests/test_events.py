"""Events with their counts, place and date, on invented news text (real spaCy, real gazetteer)."""

from sitroom.extract.counts import minimum


def _counts(doc, key):
    return sum(minimum(e.counts.get(key)) or 0 for e in doc.events if not e.background)


def test_leader_and_two_more_detained(extract):
    doc = extract(
        "A Taliban commander was arrested by Afghan forces in Kandahar province on Sunday. "
        "During the operation, the security force also detained two suspected insurgents.",
        published="2013-01-22",
    )
    arrests = [e for e in doc.events if e.sub_event_type == "Arrests"]
    assert len(arrests) == 1
    assert minimum(arrests[0].counts["captured"]) == 3
    assert arrests[0].date.value == "2013-01-20"
    assert doc.place(arrests[0].place).name.startswith("Kandah")


def test_killed_with_qualifier_kept(extract):
    doc = extract("Afghan forces killed at least 5 militants in Helmand province yesterday.", published="2012-11-07")
    ev = next(e for e in doc.events if "killed" in e.counts)
    assert ev.counts["killed"] == "at least 5"
    assert ev.date.value == "2012-11-06"


def test_same_group_told_twice_is_not_added(extract):
    doc = extract(
        "Security forces detained several suspected insurgents in Logar province today. "
        "After questioning residents, the force detained 11 suspected insurgents.",
        published="2011-01-20",
    )
    assert _counts(doc, "captured") == 11


def test_purpose_is_not_an_arrest(extract):
    doc = extract(
        "Soldiers launched a raid to capture a Taliban leader in Khost province on Monday. Two insurgents were killed.",
        published="2011-02-08",
    )
    assert _counts(doc, "captured") == 0
    assert _counts(doc, "killed") == 2


def test_nobody_harmed_is_no_event(extract):
    doc = extract("No civilians were injured during the operation in Kunar province.", published="2011-02-08")
    assert not any("wounded" in e.counts for e in doc.events)


def test_airstrike_kills_counted_on_the_insurgents(extract):
    doc = extract(
        "Coalition forces conducted an operation in Paktika province today. "
        "The force engaged the armed insurgents with a precision airstrike, killing several of them.",
        published="2012-07-03",
    )
    assert any(e.sub_event_type == "Air/drone strike" for e in doc.events)
    kill = next(e for e in doc.events if "killed" in e.counts)
    assert kill.counts["killed"] == "several" and kill.actor2 == "taliban"


def test_dateline_date_is_not_the_event_date(extract):
    doc = extract(
        "Operational update\nKABUL, Afghanistan (Feb. 27, 2011) Afghan forces detained two suspected "
        "insurgents during an operation in Helmand province yesterday.",
        published="2011-02-27",
    )
    ev = next(e for e in doc.events if e.sub_event_type == "Arrests")
    assert ev.date.value == "2011-02-26"
    assert doc.place(ev.place).name == "Helmand"


def test_strike_force_is_not_a_strike_trigger(pipeline):
    from sitroom.extract.events import trigger_action

    doc = pipeline.nlp(
        "The Justice Department launched a gun trafficking strike force in Chicago. A drone strike hit the compound."
    )
    strikes = [t for t in doc if t.lower_ == "strike"]
    assert trigger_action(strikes[0]) is None  # "strike force"
    assert trigger_action(strikes[1]) == "strike"  # "drone strike"


def test_killing_typed_by_its_means(extract):
    """ACLED types harm by its means: bombs, shells and air strikes are Explosions/Remote violence whoever the
    victims are; gunfire stays a clash or an attack on civilians."""
    cases = [
        ("A roadside bomb killed two Afghan soldiers in Helmand province on Friday.", "Remote explosive/landmine/IED"),
        ("Two policemen were killed by a roadside bomb in Kandahar on Friday.", "Remote explosive/landmine/IED"),
        (
            "A car bomb exploded near a police station in Kabul on Monday, killing five people.",
            "Remote explosive/landmine/IED",
        ),
        ("A suicide bomber blew himself up at a market in Kabul on Tuesday, killing 12 people.", "Suicide bomb"),
        (
            "Three civilians were wounded in a mortar attack on Ghazni city on Monday.",
            "Shelling/artillery/missile attack",
        ),
        ("Gunmen killed three policemen at a checkpoint in Kandahar on Monday.", "Armed clash"),
        (
            "Insurgents attacked the patrol with rocket-propelled grenades in Kunar on Monday, killing two soldiers.",
            "Armed clash",
        ),
    ]
    for text, sub in cases:
        doc = extract(text, published="2021-08-10")
        assert any(e.sub_event_type == sub for e in doc.events), (
            text,
            [(e.event_type, e.sub_event_type) for e in doc.events],
        )
        if sub != "Armed clash":
            assert not any(e.sub_event_type == "Armed clash" for e in doc.events), text


def test_took_a_named_place_is_a_takeover(extract):
    """ "took Ghazni": the tagger may read the name as a person; the gazetteer says it is a place."""
    doc = extract("The Taliban took Ghazni on Thursday, officials said.", published="2021-08-13")
    (ev,) = [e for e in doc.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert ev.actor1 == "taliban" and doc.place(ev.place).name == "Ghazni" and ev.date.value == "2021-08-12"
    for text in (
        "The offensive took Kabul by surprise on Thursday.",
        "The Taliban took Afghanistan seriously.",
        "The Taliban could take Kabul within 90 days.",
    ):
        doc = extract(text, published="2021-08-13")
        assert not [e for e in doc.events if "territory" in e.sub_event_type], text


def test_taken_hostage_is_an_abduction(extract):
    for text in (
        "Insurgents took two policemen hostage in Ghazni on Monday.",
        "Two aid workers were taken hostage in Kunduz on Monday.",
        "Gunmen took a doctor captive in Kabul on Monday.",
    ):
        doc = extract(text, published="2021-08-10")
        assert [e.sub_event_type for e in doc.events] == ["Abduction/forced disappearance"], text
    doc = extract("Soldiers took the prisoner to Kabul on Monday.", published="2021-08-10")
    assert doc.events == []  # a transfer, not a taking
