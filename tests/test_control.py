"""Control changes beyond "X captured Y" (sitroom.extract.control): loss verbs, expulsions, nominals, headlines,
and what is not a change of hands. Sentences are written for these tests, about places in several wars."""

# changes of hands, by force or without fighting (a withdrawal whose sentence tells no fighting)
TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")


def _changes(doc):
    out = []
    for e in doc.events:
        if e.sub_event_type in TAKEOVER:
            p = doc.place(e.place)
            a = doc.actor(e.actor1)
            out.append(
                (p.name if p else None, a.name if a else None, a.kind if a else None, e.date.value if e.date else None)
            )
    return out


def _places(doc):
    return {c[0] for c in _changes(doc)}


def test_withdrawal_gives_the_place_to_the_other_side(extract):
    doc = extract(
        "Kenyan forces have fought al-Shabab around Kismayo for weeks. On Saturday al-Shabab withdrew from "
        "Kismayo, its last stronghold.",
        published="2012-09-29",
    )
    ((place, gainer, kind, day),) = [c for c in _changes(doc) if c[0] == "Kismayo"]
    assert gainer == "Forces of Kenya" and kind == "state-forces" and day == "2012-09-29"


def test_civilians_who_flee_lose_no_ground(extract):
    doc = extract("Thousands of residents fled Kidal in northern Mali on Sunday.", published="2013-01-30")
    assert "Kidal" not in _places(doc)


def test_expulsion_gainer_is_the_subject(extract):
    doc = extract(
        "Peshmerga fighters pushed Islamic State militants out of Sinjar in Iraq on Friday.", published="2014-11-23"
    )
    assert any(c[0].startswith("Sinj") and c[1] == "Peshmerga" for c in _changes(doc))


def test_nominal_capture_names_the_place(extract):
    doc = extract(
        "The capture of Gao by French troops on Saturday opened the road north in Mali.", published="2013-01-28"
    )
    assert any(c[0] == "Gao" and c[2] == "state-forces" for c in _changes(doc))


def test_title_case_headline_is_read(extract):
    doc = extract(
        "Rebels Withdraw From Bossangoa\n\nThe rebels of the Seleka coalition fought French troops near "
        "Bossangoa in the Central African Republic this week.",
        published="2013-12-10",
    )
    assert "Bossangoa" in _places(doc)


def test_property_and_unnamed_parts_do_not_change_hands(extract):
    doc = extract(
        "Militants seized several military trucks near Marka, Somalia, on Sunday. Separately, insurgents "
        "overran another district in Helmand province in Afghanistan.",
        published="2015-11-02",
    )
    assert not {"Marka", "Helmand"} & _places(doc)


def test_a_failed_takeover_is_not_told(extract):
    doc = extract(
        "Government forces have failed to overrun the town of Yabroud in Syria despite weeks of shelling.",
        published="2014-02-28",
    )
    assert "Yabrūd" not in _places(doc) and "Yabroud" not in _places(doc)


def test_a_takeover_is_never_dated_after_its_report(extract):
    doc = extract("Rebels captured the town of Pibor in South Sudan on Tuesday.", published="2013-05-13")
    for _, _, _, day in _changes(doc):
        assert day is None or day <= "2013-05-13"


def test_reported_speech_pronoun_refers_to_the_speaker(extract):
    doc = extract(
        "Explosions were heard near Gori, just after Russian leaders said they were pulling out of the Georgian city.",
        published="2008-08-14",
    )
    they = next(a for a in doc.actors if any(m.span.text == "they" for m in a.mentions))
    assert they.country == "RU"
    assert "Gori" in _places(doc)


def test_a_name_that_looks_like_a_date_is_no_date():
    from datetime import date

    from sitroom.extract.timex import find_times

    got = [
        t.text for t in find_times("Fighters of the March 23 Movement seized the town on Saturday.", date(2024, 3, 4))
    ]
    assert got == ["Saturday"]


def test_a_named_site_changes_hands_as_a_place_of_its_own(extract):
    doc = extract(
        "Rebel fighters evacuated Camp Kasongo in Goma on Monday after weeks of talks.", published="2014-03-03"
    )
    ((name, kind, country),) = [(p.name, p.kind, p.country) for p in doc.places if p.name in _places(doc)]
    assert (name, kind, country) == ("Camp Kasongo", "facility", "CD")


def test_a_site_named_with_a_town_is_not_the_town(extract):
    doc = extract("Islamic State fighters captured the Mosul Dam in northern Iraq on Thursday.", published="2014-08-08")
    assert "Mosul Dam" in _places(doc) and "Mosul" not in _places(doc)


def test_the_base_refers_back_to_the_base_named_before(extract):
    doc = extract(
        "Militants attacked Kalabaydh military base, 30 kilometers west of Beledweyne, on Tuesday. The group "
        "said its fighters overran the base.",
        published="2016-05-03",
    )
    assert "Kalabaydh military base" in _places(doc)


def test_a_site_the_text_lists_as_part_of_a_loss(extract):
    doc = extract(
        "Rebel fighters withdrew from most of the centre of Tripoli on Friday, including the presidential palace.",
        published="2011-08-26",
    )
    assert {"Tripoli", "Presidential palace (Tripoli)"} <= _places(doc)


def test_a_site_in_a_town_and_the_town_are_two_changes(extract):
    doc = extract(
        "Al-Qaida militants captured a military camp in Mukalla on Thursday. Witnesses said the militants "
        "also captured the port of Mukalla.",
        published="2015-04-03",
    )
    assert {"Mukalla", "Port (Mukalla)"} <= _places(doc)


def test_a_raid_on_a_mall_is_no_change_of_hands(extract):
    doc = extract("Gunmen stormed the Westfield shopping mall in Nairobi on Saturday.", published="2013-09-22")
    assert not any("mall" in (p or "").lower() for p in _places(doc))


def test_a_pronoun_leaving_a_place_is_the_side_that_was_hit(extract):
    doc = extract(
        "A Taliban spokesman said the insurgents inflicted heavy casualties on Afghan security forces "
        "before they abandoned Sangin district in Helmand.",
        published="2016-01-10",
    )
    assert {(c[0], c[1]) for c in _changes(doc)} == {("Sangīn", "Taliban")}


def test_a_town_the_tagger_takes_for_a_person_is_taken_not_arrested(extract):
    doc = extract(
        "Boko Haram has attacked villages in Borno state, Nigeria. The militants seized Malam Fatori on Wednesday.",
        published="2015-01-29",
    )
    assert ("Mallam Fatori", "Boko Haram") in {(c[0], c[1]) for c in _changes(doc)}
    assert not [e for e in doc.events if e.sub_event_type == "Arrests"]


def test_a_town_the_gazetteer_lacks_is_kept_by_its_name(extract):
    doc = extract(
        "Iraqi Kurdish fighters clashed with Islamic State militants in Diyala province, Iraq, this week. "
        "The militants seized the town of Qara Tappeh Shirin on Monday.",
        published="2014-08-20",
    )
    (p,) = [p for p in doc.places if p.name == "Qara Tappeh Shirin"]
    assert p.kind == "city" and p.country == "IQ" and p.role == "unlisted"
    # no point of its own: the approximate point of the unit the text places it in (said so), for the map
    diyala = next(q for q in doc.places if q.mention.text == "Diyala")
    assert (p.lat, p.lon) == (diyala.lat, diyala.lon) and "approximate" in (p.reason or "") and p.confidence < 0.3
    assert "Qara Tappeh Shirin" in _places(doc) and "Diyala" not in _places(doc)


def test_a_pro_state_force_is_a_proxy_not_that_states_army(extract):
    doc = extract(
        "Pro-Russian forces stormed the Belbek air base near Sevastopol in Crimea, Ukraine, on Saturday.",
        published="2014-03-23",
    )
    (gainer,) = {(c[1], c[2]) for c in _changes(doc)}
    assert gainer == ("Pro-Russian separatists", "non-state-armed")


def test_forces_named_by_whom_they_follow(extract):
    doc = extract(
        "Forces loyal to President Salva Kiir are battling soldiers who back his former deputy, Riek Machar, "
        "in South Sudan. On Tuesday, the rebels said they had captured Bor.",
        published="2014-01-15",
    )
    assert ("Bor", "SPLM-IO") in {(c[0], c[1]) for c in _changes(doc)}
    kiir = next(a for a in doc.actors if any(m.span.text == "Forces" for m in a.mentions))
    assert kiir.kind == "state-forces" and kiir.country == "SS"


def test_a_pro_government_militia_gains_what_rebels_lose(extract):
    doc = extract(
        "Fighters loyal to Yemeni President Abd-Rabbu Mansour Hadi clashed with Houthi militants in Aden, "
        "Yemen. Southern resistance fighters now hold the port. The Houthi fighters withdrew from the centre "
        "of Aden on Friday.",
        published="2015-04-03",
    )
    assert ("Aden", "Southern Resistance", "non-state-armed") in {c[:3] for c in _changes(doc)}


def test_armed_men_who_flee_a_town_in_apposition_lose_it(extract):
    doc = extract(
        "In Somalia, the last remaining warlords have fled the capital, Mogadishu, following their defeat by "
        "the Islamic Courts militia.",
        published="2006-06-19",
    )
    assert ("Mogadishu", "Islamic Courts Union") in {(c[0], c[1]) for c in _changes(doc)}


def test_a_headline_word_read_as_a_town_of_another_country_changes_nothing(extract):
    doc = extract(
        "Afghan Taliban Overrun Key District in Helmand Province\n\nTaliban insurgents overran a district in "
        "Helmand province of Afghanistan on Sunday, officials said.",
        published="2015-12-20",
    )
    assert all(p.country in (None, "AF") for p in (doc.place(e.place) for e in doc.events if e.place))


def test_text_in_another_script_tells_no_change(extract):
    # sentences written for this test: "Rebels seized the town of Horlivka on Monday. Ukrainian troops retreated." and
    # "Gunmen took control of the city of Mosul on Monday after the army withdrew."
    for text in (
        "Повстанцы захватили город Горловка в понедельник. Украинские войска отступили.",
        "سيطر المسلحون على مدينة الموصل يوم الاثنين بعد انسحاب الجيش.",
    ):
        assert _changes(extract(text, published="2014-07-01")) == []


def test_a_headline_only_article_invents_no_change(extract):
    assert _changes(extract("Rebels Advance on Capital", published="2013-03-20")) == []


def test_an_undated_article_gives_no_day_to_a_relative_date(extract):
    doc = extract("Rebels captured the town of Pibor in South Sudan on Tuesday.", published=None)
    assert doc.published is None and [c[3] for c in _changes(doc)] == [None]


def test_a_country_does_not_change_hands_with_its_site(extract):
    doc = extract(
        "Russian forces took over Ukraine's navy headquarters in Sevastopol on Wednesday.", published="2014-03-19"
    )
    assert "Ukraine" not in _places(doc) and "Navy headquarters (Sevastopol)" in _places(doc)


def test_a_town_the_tagger_takes_for_a_name_is_the_place_of_a_takeover(extract):
    doc = extract("Malian troops recaptured Konna from Ansar Dine on Saturday, the army said.", published="2013-01-12")
    assert "Konna" in _places(doc)


def test_the_fall_of_a_ruler_is_no_change_of_a_place(extract):
    doc = extract(
        "Faction chiefs have ruled the capital, Mogadishu, since the fall of Mahamed Siad Barre in 1991.",
        published="2006-06-19",
    )
    assert not [c for c in _changes(doc) if c[0] and "Barre" in c[0]]


def test_an_annexation_gives_the_place_to_the_annexing_state(extract):
    for text in (
        "Russian President Vladimir Putin signed a treaty on Tuesday annexing Crimea to Russia.",
        "The fighting began after Russia's annexation of Crimea in March.",
    ):
        ((place, gainer, kind, _),) = _changes(extract(text, published="2014-03-19"))
        assert (gainer, kind) == ("Russia", "state"), text


def test_a_town_taken_by_an_armed_party_in_the_passive(extract):
    assert "Ghazni" in _places(
        extract("Ghazni was taken by the Taliban on Thursday, officials said.", published="2021-08-12")
    )
    assert not _changes(extract("Kabul was taken by surprise by the speed of the advance.", published="2021-08-12"))


def _subtypes(doc):
    return {(doc.place(e.place).name if doc.place(e.place) else None, e.sub_event_type) for e in doc.events}


def test_a_withdrawal_without_fighting_is_a_non_violent_transfer(extract):
    quiet = extract("Ethiopian troops pulled out of Baidoa on Sunday, residents said.", published="2009-01-26")
    assert ("Baidoa", "Non-violent transfer of territory") in _subtypes(quiet)
    fought = extract(
        "After days of heavy fighting, Ethiopian troops pulled out of Baidoa on Sunday, residents said.",
        published="2009-01-26",
    )
    assert ("Baidoa", "Non-violent transfer of territory") not in _subtypes(fought)
    assert "Baidoa" in _places(fought)


def test_a_foreign_force_leaving_hands_the_place_to_the_host_state(extract):
    doc = extract(
        "The Taliban have seized dozens of districts this year. Afghan officials say U.S. troops left Bagram air "
        "base on Friday. The Taliban said they would keep fighting.",
        published="2021-07-06",
    )
    ((place, gainer, kind, _),) = [c for c in _changes(doc) if c[0] and "Bagram" in c[0]]
    assert kind == "state-forces" and "Taliban" not in (gainer or "")


def test_a_pro_government_militia_regains_for_the_government(extract):
    doc = extract(
        "Southern Resistance fighters drove Houthi militants out of Aden on Friday, witnesses said.",
        published="2015-04-03",
    )
    assert ("Aden", "Government regains territory") in _subtypes(doc)
