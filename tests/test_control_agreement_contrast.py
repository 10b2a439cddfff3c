"""An agreement or a change of hands: a contrast suite of wire sentences written for this test (issue 13, the held
misses where a change of hands was read as an Agreement), from many wars, in the styles of VOA, AP, Reuters and
AFP 2005-2025.

ACLED's codebook (``reference/acled-event-types.csv``) draws the lines: an *Agreement* (Strategic developments)
records a deal -- a ceasefire, a peace deal, an evacuation deal -- and by itself moves no territory; a
*Non-violent transfer of territory* is territory changing hands without fighting (a withdrawal, a handover, a
surrender, an entry under a deal); a takeover by force is *Non-state actor overtakes territory* or *Government
regains territory*. So a deal that some side *will* leave, hand over or let in is an Agreement and no change yet;
a handover, a surrender, an entry or a withdrawal with the other side moving in that the sentence tells as
happened is a change of hands (with or without the Agreement told beside it), its gainer the side that took the
place.

Each case: the text, its publication day, the place, and what it must give: ``"change"`` (a change of hands of
the place to ``side``) or ``"agreement"`` (an Agreement event and no change of hands of the place); ``agreement``
True when the sentence must also give an Agreement event."""

from __future__ import annotations

import unicodedata

import pytest

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
STATE = {"state", "state-forces", "government", "intl-forces", "intl-org"}
S, N = "state", "non-state"

CASES: list[tuple[str, str, str, str, str, str | None, bool]] = [
    # --- a deal that someone will leave / hand over: an Agreement, no change yet
    (
        "agr-agreed-to-withdraw",
        "M23 rebels agreed to withdraw from Goma under a deal brokered by regional leaders, officials said on Tuesday.",
        "2012-11-27",
        "Goma",
        "agreement",
        None,
        True,
    ),
    (
        "agr-agreed-to-pull-out",
        "The Houthis agreed on Thursday to pull their fighters out of the port of Hodeidah under a U.N.-brokered "
        "ceasefire, the United Nations said.",
        "2018-12-13",
        "Hodeidah",
        "agreement",
        None,
        True,
    ),
    (
        "agr-will-hand-over",
        "Under the deal, the rebels will hand over the town of Zabadani to the army within 30 days, a negotiator said.",
        "2015-09-25",
        "Zabadani",
        "agreement",
        None,
        False,
    ),
    (
        "agr-signed-under-which",
        "Government and rebel negotiators signed an agreement in Juba on Monday under which the rebels will "
        "withdraw from the town of Kauda.",
        "2020-08-31",
        "Kauda",
        "agreement",
        None,
        True,
    ),
    (
        "agr-agreed-would-leave",
        "Russia and Turkey agreed on Tuesday that Kurdish fighters would leave the town of Manbij, the Kremlin said.",
        "2019-10-22",
        "Manbij",
        "agreement",
        None,
        True,
    ),
    (
        "agr-ceasefire-allows-return",
        "Tuareg rebels and the Malian government signed a ceasefire in Ouagadougou on Tuesday that allows the army "
        "to return to Kidal.",
        "2013-06-18",
        "Kidal",
        "agreement",
        None,
        True,
    ),
    (
        "agr-ready-to-withdraw-if",
        "M23 said on Wednesday it was ready to withdraw from Bunagana if the government agreed to talks.",
        "2022-06-15",
        "Bunagana",
        "agreement",
        None,
        False,
    ),
    (
        "agr-pretoria-provides",
        "Ethiopia's government and Tigrayan forces agreed in Pretoria on Wednesday to a cessation of hostilities "
        "that provides for federal troops to take control of Mekelle.",
        "2022-11-03",
        "Mekelle",
        "agreement",
        None,
        True,
    ),
    (
        "agr-evacuation-talks-failed",
        "Talks on the evacuation of rebels from the town of Douma ended without a deal on Sunday, activists said.",
        "2018-04-01",
        "Douma",
        "agreement",
        None,
        False,
    ),
    (
        "agr-agreed-to-hand-over",
        "Separatist leaders agreed on Monday to hand over the city of Aden to the government within a month under "
        "a Saudi-brokered accord.",
        "2019-11-05",
        "Aden",
        "agreement",
        None,
        True,
    ),
    (
        "agr-deal-to-let-in",
        "The warring sides reached a deal on Saturday to let government troops into the town of Malakal, a "
        "mediator said.",
        "2014-05-10",
        "Malakal",
        "agreement",
        None,
        True,
    ),
    (
        "agr-expected-to-withdraw",
        "Rebels are expected to withdraw from the city of Bangui under a peace deal signed in Libreville on Friday.",
        "2013-01-12",
        "Bangui",
        "agreement",
        None,
        True,
    ),
    (
        "agr-offered-to-surrender",
        "Militants in the city of Marawi offered to surrender the town if troops halted air strikes, a negotiator "
        "said.",
        "2017-06-20",
        "Marawi",
        "agreement",
        None,
        False,
    ),
    (
        "agr-truce-calls-for",
        "The truce signed on Sunday calls for Azov fighters to leave the town of Mariupol, officials said.",
        "2022-04-24",
        "Mariupol",
        "agreement",
        None,
        True,
    ),
    # --- a handover, surrender, entry under a deal told as happened: a change of hands
    (
        "chg-handed-over-control-to",
        "Rebels handed over control of the town of Kidal to the Malian army on Friday under a peace deal, "
        "officials said.",
        "2013-07-06",
        "Kidal",
        "change",
        S,
        False,
    ),
    (
        "chg-was-handed-over-under-deal",
        "The town of Sake was handed over to the army on Saturday under a deal mediated by local elders.",
        "2013-11-03",
        "Sake",
        "change",
        S,
        False,
    ),
    (
        "chg-under-ceasefire-entered",
        "Under the ceasefire, government troops entered the town of Daraa al-Balad on Thursday without a fight, "
        "state media said.",
        "2021-09-10",
        "Daraa",
        "change",
        S,
        False,
    ),
    (
        "chg-surrendered-the-town",
        "Government soldiers surrendered the town of Lashio to the MNDAA on Saturday after negotiations, residents "
        "said.",
        "2024-08-05",
        "Lashio",
        "change",
        N,
        False,
    ),
    (
        "chg-elders-negotiated-entry",
        "Tribal elders handed over the district of Musa Qala to the Taliban on Tuesday after talks, a local "
        "official said.",
        "2021-07-14",
        "Musa Qala",
        "change",
        N,
        False,
    ),
    (
        "chg-evacuation-left-took-over",
        "Under an evacuation deal, the last rebels left Douma on Saturday and the army took over the town, state "
        "media said.",
        "2018-04-15",
        "Douma",
        "change",
        S,
        False,
    ),
    (
        "chg-left-under-un-deal",
        "The last rebel fighters left the Old City of Homs on Friday under a U.N.-supervised deal, handing the "
        "government full control of the district.",
        "2014-05-10",
        "Homs",
        "change",
        S,
        False,
    ),
    (
        "chg-withdrew-and-moved-in",
        "Islamic State fighters withdrew from the town of Arsal under a deal with Hezbollah, and the Lebanese army "
        "moved in on Monday.",
        "2017-08-29",
        "Arsal",
        "change",
        S,
        False,
    ),
    (
        "chg-handed-over-brokered",
        "Kurdish-led forces handed over the town of Tal Rifaat to the Syrian army on Wednesday under a "
        "Russian-brokered agreement.",
        "2019-10-17",
        "Tal Rifaat",
        "change",
        S,
        False,
    ),
    (
        "chg-without-a-fight",
        "The Taliban took over Jalalabad without a fight on Sunday after the governor surrendered, officials said.",
        "2021-08-16",
        "Jalalabad",
        "change",
        N,
        False,
    ),
    (
        "chg-handed-back",
        "Separatists handed the city of Aden back to the government on Monday under a Saudi-brokered accord, "
        "officials said.",
        "2019-11-26",
        "Aden",
        "change",
        S,
        False,
    ),
    (
        "chg-pulled-out-militia-moved-in",
        "Government soldiers pulled out of the town of Mongbwalu on Tuesday under a deal with the militia, which "
        "moved in hours later.",
        "2003-06-19",
        "Mongbwalu",
        "change",
        N,
        False,
    ),
    (
        "chg-withdrew-entered",
        "Russian forces withdrew from Kherson on Friday and Ukrainian troops entered the city, officials said.",
        "2022-11-12",
        "Kherson",
        "change",
        S,
        False,
    ),
    (
        "chg-handed-to-eac",
        "M23 rebels handed the town of Kibumba to East African Community troops on Friday, the regional force said.",
        "2022-12-24",
        "Kibumba",
        "change",
        S,
        False,
    ),
    (
        "chg-surrendered-to",
        "The town of Bani Walid surrendered to rebel fighters on Monday after weeks of negotiations with tribal "
        "leaders.",
        "2011-10-18",
        "Bani Walid",
        "change",
        N,
        False,
    ),
    (
        "chg-under-deal-army-took",
        "Under a deal reached on Sunday, the Syrian army took control of the town of Rastan after rebels left.",
        "2018-05-16",
        "Rastan",
        "change",
        S,
        False,
    ),
    (
        "chg-agreed-to-leave-then-took-over",
        "Rebels agreed to leave Qusayr after weeks of fighting, and Hezbollah fighters took over the town on "
        "Wednesday.",
        "2013-06-06",
        "Qusayr",
        "change",
        N,
        None,
    ),
    (
        "chg-ceded",
        "Armenian separatists ceded the town of Lachin to Azerbaijani forces on Tuesday under the peace deal.",
        "2020-12-02",
        "Lachin",
        "change",
        S,
        False,
    ),
    (
        "chg-handover-ceremony",
        "Sudanese rebels formally handed over the town of Heglig to the army on Friday, a military spokesman said.",
        "2012-04-21",
        "Heglig",
        "change",
        S,
        False,
    ),
    (
        "chg-handed-over-passive-to-rebels",
        "The border town of Bunagana was handed over to the rebels after soldiers fled into Uganda, residents said.",
        "2022-06-14",
        "Bunagana",
        "change",
        N,
        False,
    ),
    (
        "chg-transferred-control",
        "Iraqi Kurdish forces transferred control of Kirkuk to federal troops on Monday without resistance, "
        "officials said.",
        "2017-10-17",
        "Kirkuk",
        "change",
        S,
        False,
    ),
    (
        "agr-ceasefire-allowing",
        "A ceasefire allowing rebels to leave the city of Homs took effect on Wednesday, the governor said.",
        "2014-05-08",
        "Homs",
        "agreement",
        None,
        True,
    ),
    (
        "agr-agreed-to-let-deploy",
        "Kurdish-led forces agreed on Sunday to let Syrian government troops deploy in Manbij and Kobani.",
        "2019-10-14",
        "Manbij",
        "agreement",
        None,
        True,
    ),
    (
        "agr-agreed-hand-weapons-allow-return",
        "Rebels in Daraa agreed on Friday to hand over their heavy weapons and allow the army to return to the city.",
        "2018-07-07",
        "Daraa",
        "agreement",
        None,
        True,
    ),
    (
        "chg-evacuation-deal-left",
        "Under an evacuation deal brokered by Russia and Turkey, the last rebels left eastern Aleppo on Thursday.",
        "2016-12-16",
        "Aleppo",
        "change",
        S,
        False,
    ),
    (
        "chg-un-camp-handed",
        "The U.N. mission handed over its camp in Kidal to the Malian army on Tuesday, ahead of schedule.",
        "2023-11-14",
        "Kidal",
        "change",
        S,
        False,
    ),
    (
        "chg-withdrew-entered-it",
        "Under the Russian-brokered deal, Armenian forces withdrew from the Kalbajar district on Wednesday and "
        "Azerbaijani troops entered it.",
        "2020-11-18",
        "Kalbajar",
        "change",
        S,
        False,
    ),
    (
        "chg-governor-surrendered-city",
        "The governor of Jalalabad surrendered the city of Jalalabad to the Taliban on Sunday without a fight, "
        "officials said.",
        "2021-08-15",
        "Jalalabad",
        "change",
        N,
        False,
    ),
    (
        "chg-negotiated-nominal-entry",
        "Elders in Ghazni negotiated the Taliban's entry into the city on Thursday to avoid bloodshed, a "
        "provincial council member said.",
        "2021-08-13",
        "Ghazni",
        "change",
        N,
        False,
    ),
]


def _fold(s: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).casefold()


def check(doc, place: str, kind: str, side: str | None, agreement: bool | None) -> list[str]:
    """What is wrong with ``doc`` (empty when the case passes)."""
    got = []
    for e in doc.events:
        p, a = doc.place(e.place) if e.place else None, doc.actor(e.actor1)
        s = None if a is None else ("state" if a.kind in STATE else "non-state")
        got.append((e.sub_event_type, _fold(p.name + " | " + p.mention.text) if p else "", s))
    here = [g for g in got if g[0] in TAKEOVER and _fold(place) in g[1]]
    bad = []
    if kind == "agreement":
        if here:
            bad.append(f"a change of hands of {place}")
        if not any(g[0] == "Agreement" for g in got) and agreement:
            bad.append("no Agreement")
    elif not any(side is None or g[2] == side for g in here):
        bad.append(f"no change of {place} to the {side} side")
    if agreement and kind == "change" and not any(g[0] == "Agreement" for g in got):
        bad.append("no Agreement")
    return bad + ([f"got {got}"] if bad else [])


# cases the rules do not read yet (strict: a case that starts passing must leave this list): an Agreement told by a
# participle or a noun alone ("a peace deal signed in Libreville", "the truce signed on Sunday calls for"), "the Old
# City of Homs" read as a place of its own, "East African Community troops" as no actor, Qusayr not in the gazetteer,
# a nominal entry ("negotiated the Taliban's entry into the city")
GAPS: set[str] = {
    "agr-expected-to-withdraw",
    "agr-truce-calls-for",
    "chg-left-under-un-deal",
    "chg-handed-to-eac",
    "chg-agreed-to-leave-then-took-over",
    "chg-negotiated-nominal-entry",
}


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason="a known gap of the class")] if c[0] in GAPS else []
        yield pytest.param(*c[1:], id=c[0], marks=marks)


@pytest.mark.parametrize(("text", "published", "place", "kind", "side", "agreement"), list(_params()))
def test_an_agreement_or_a_change_of_hands(extract, text, published, place, kind, side, agreement):
    assert check(extract(text, published=published), place, kind, side, agreement) == []


def test_case_names_are_unique_and_every_gap_is_a_case():
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)) and GAPS <= set(names)


if __name__ == "__main__":  # the class measured case by case
    import sys

    from sitroom.ingest import article_from_text
    from sitroom.pipeline import default_pipeline

    pipe = default_pipeline()
    fails = 0
    for cid, text, published, place, kind, side, agreement in CASES:
        bad = check(pipe.run(article_from_text(text, published=published)), place, kind, side, agreement)
        fails += bool(bad)
        if bad or "-v" in sys.argv:
            print(("FAIL " if bad else "ok   ") + cid, *bad, sep="\n    ")
    print(f"{len(CASES) - fails}/{len(CASES)} pass")
