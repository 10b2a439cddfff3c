"""Speaker resolution of the attribution records (sitroom.extract.speakers, sitroom.extract.descriptions) on
sentences written for these tests in the styles of reports from several wars, through the real pipeline."""

from __future__ import annotations


def _speaker(extract, text: str, content_start: str) -> tuple[str, str | None]:
    a = extract(text)
    hits = [q for q in a.quotes if q.text.text.startswith(content_start)]
    assert hits, f"no record whose content starts with {content_start!r}: {[q.text.text for q in a.quotes]}"
    return hits[0].speaker, hits[0].speaker_type


def test_a_description_named_later_by_its_own_head_word(extract):
    text = (
        "An armed movement allied to the former president claimed the attack on the garrison in Bouar.\n\n"
        "Jean Kossi, the leader of a movement known as FPRC, told VOA that the fighters would hold the town."
    )
    assert _speaker(extract, text, "the attack on the garrison")[0] == "FPRC"
    text = (
        "The market in Kherson was shelled again on Friday, a day after a retired general who backs the "
        "separatists vowed to take the city.\n\nForces led by former general Viktor Lanko fired rockets at the port."
    )
    assert _speaker(extract, text, "to take the city") == ("Viktor Lanko", "person")
    text = (
        "Arab-led forces fighting the militants said they had taken two villages near Hasakah.\n\n"
        "The Northern Defence Forces, an alliance of Arab and Turkmen militias, said Tuesday its fighters met little "
        "resistance."
    )
    assert _speaker(extract, text, "they had taken two villages")[0] == "Northern Defence Forces"


def test_an_unnamed_agency_named_by_the_next_source_and_a_spokesman_named_right_after(extract):
    text = (
        "On Monday, a regional monitoring agency reported that 40 villages had been emptied in Darfur.\n\n"
        "The Darfur Humanitarian Observatory said that most of the families had fled to Chad."
    )
    assert _speaker(extract, text, "40 villages had been emptied")[0] == "Darfur Humanitarian Observatory"
    text = (
        "The spokesman for the army in Sanaa said Houthi fighters had shelled the port overnight.\n\n"
        "Colonel Yahya Hamdan said the strikes would continue until the road reopened."
    )
    assert _speaker(extract, text, "Houthi fighters had shelled") == ("Yahya Hamdan", "person")


def test_anonymous_sources_keep_their_description_and_a_place_is_no_speaker(extract):
    text = (
        "A senior security official in Bamako said jihadists had attacked an army post near Mopti overnight. "
        "The official, who spoke on condition of anonymity, said 11 soldiers were killed.\n\n"
        "Amadou Diallo, the mayor of Mopti, said the town was calm."
    )
    assert _speaker(extract, text, "jihadists had attacked") == ("A senior security official in Bamako", "anonymous")
    assert _speaker(extract, text, "11 soldiers were killed") == ("A senior security official in Bamako", "anonymous")
    who, kind = _speaker(
        extract, "The spokesman for the army in Sanaa said Houthi fighters had shelled the port.", "Houthi"
    )
    assert kind == "anonymous" and who.startswith("The spokesman for the army")  # not "Sanaa"


def test_surnames_pronoun_owners_and_another_of_a_group(extract):
    text = (
        "Sudan's army chief, General Abdel Fattah al-Burhan, met envoys in Port Sudan on Monday. The Rapid Support "
        "Forces said their fighters had taken the airport. Burhan said the army would retake it within days. His "
        "spokesman said the claim was false."
    )
    assert _speaker(extract, text, "the army would retake it") == ("Abdel Fattah al-Burhan", "person")
    assert _speaker(extract, text, "the claim was false")[0] == "Abdel Fattah al-Burhan's spokesman"
    text = (
        'Residents of Rakhine told VOA that soldiers burned three villages. "They came at night," one resident '
        "said. Another said the soldiers had fled."
    )
    assert _speaker(extract, text, "the soldiers had fled") == ("another resident", "anonymous")


def test_pronouns_go_to_the_nearest_person_of_their_gender(extract):
    text = (
        "Ukrainian President Volodymyr Zelenskyy said Russian forces had struck a power plant in Kharkiv. His wife, "
        "Olena Zelenska, said children were among the wounded. She said the city needed help. Zelenskyy said he "
        "would ask for more air defense. He said the plant would be repaired."
    )
    assert _speaker(extract, text, "the city needed help")[0] == "Olena Zelenska"
    assert _speaker(extract, text, "he would ask for more")[0] == "Volodymyr Zelenskyy"
    assert _speaker(extract, text, "the plant would be repaired")[0] == "Volodymyr Zelenskyy"


def test_those_a_participle_speaks_of_are_not_its_speakers(extract):
    text = "Soldiers detained dozens of students accused of leading the protests in Mandalay, witnesses said."
    a = extract(text)
    q = next(q for q in a.quotes if q.text.text.startswith("leading the protests"))
    assert q.source is None and q.speaker_type == "anonymous"  # said of the students, by someone unnamed


def test_a_role_once_introduced_names_its_holder(extract):
    text = (
        "Ethiopian Prime Minister Abiy Ahmed met Kenyan President William Ruto in Nairobi on Sunday. The prime "
        "minister said federal forces had retaken Shire. The president said Kenya would host the talks.\n\n"
        "Defense Minister Oleksii Reznikov said Ukrainian troops had pushed back Russian forces near Kupiansk. The "
        "minister said the counteroffensive would continue through the winter. The minister of health said "
        "hospitals were full."
    )
    assert _speaker(extract, text, "federal forces had retaken") == ("Abiy Ahmed", "person")
    assert _speaker(extract, text, "Kenya would host") == ("William Ruto", "person")
    assert _speaker(extract, text, "the counteroffensive would") == ("Oleksii Reznikov", "person")
    assert _speaker(extract, text, "hospitals were full")[0] != "Oleksii Reznikov"  # another minister


def test_a_surname_after_according_to_and_a_bare_plural_stays_a_description(extract):
    text = (
        "Colombian officials said dissidents had attacked a police station in Cauca. Police Chief Henry Sanabria "
        "told reporters that two officers died. According to Sanabria, the attackers used drones."
    )
    assert _speaker(extract, text, "the attackers used drones") == ("Henry Sanabria", "person")
    text = "Fighters loyal to the Transitional Federal Government said they had pushed al-Shabab out of Afgoye."
    assert _speaker(extract, text, "they had pushed")[0].startswith("Fighters loyal to")


def test_a_named_apposition_keeps_its_description_as_role_and_a_source_named_in_its_own_phrase(extract):
    text = (
        "The mayor of Mariupol, Vadym Boychenko, said the city had no water. Boychenko, who left the city in March, "
        "said about 100,000 people remained."
    )
    a = extract(text)
    q = next(q for q in a.quotes if q.text.text.startswith("about 100,000"))
    assert (q.speaker, q.speaker_type, q.role) == ("Vadym Boychenko", "person", "The mayor of Mariupol")
    text = (
        "Witnesses said gunmen on motorcycles opened fire on the market in Gao. One witness, a trader named Moussa "
        "Maiga, said at least 15 people were killed. He said the gunmen fled toward the border."
    )
    assert _speaker(extract, text, "at least 15 people") == ("Moussa Maiga", "person")
    assert _speaker(extract, text, "the gunmen fled") == ("Moussa Maiga", "person")


def test_he_inside_a_turn_is_not_the_one_speaking_and_a_time_stamp_is_no_person(extract):
    text = (
        "PRESS GAGGLE\n\n10:40 A.M. WAT\n\nPresident Bola Tinubu travels to Kano today.\n\n"
        "MS. LEE:  Good morning.  He said the road to the north must reopen.\n"
    )
    assert _speaker(extract, text, "the road to the north") == ("Bola Tinubu", "person")  # Lee would say "I"
    text = "PRESS GAGGLE\n\n10:40 A.M. WAT\n\nMS. LEE:  Good morning.  He said the road to the north must reopen.\n"
    a = extract(text)
    assert not any(q.speaker in ("A.M. WAT", "Lee") for q in a.quotes if q.text.text.startswith("the road")), a.quotes


def test_two_persons_together_a_president_by_title_and_they(extract):
    text = (
        "President Bola Tinubu spoke with President Mahamat Deby of Chad on Monday. President Tinubu and President "
        "Deby agreed that the border must stay open. They deplored the attacks on traders near Lake Chad. "
        "The President reaffirmed Nigeria's support for the joint task force."
    )
    assert _speaker(extract, text, "the border must stay open") == ("Bola Tinubu and Mahamat Deby", "person")
    assert _speaker(extract, text, "the attacks on traders") == ("Bola Tinubu and Mahamat Deby", "person")
    assert _speaker(extract, text, "Nigeria's support")[1] == "person"  # a person, never the state by his title


def test_a_name_the_tagger_took_for_an_organisation_is_a_person_by_its_apposition(extract):
    text = '"We are ready for talks," said Mahamat Nour, a rebel commander in eastern Chad.'
    assert _speaker(extract, text, "We are ready") == ("Mahamat Nour", "person")
    text += " Nour's fighters seized the town last week, residents said."
    assert _speaker(extract, text, "We are ready") == ("Mahamat Nour", "person")  # not the surname alone
