"""Is a count read in an event's clause a number of people the event killed, wounded or took?

A count is kept only when it counts people in the event's own clause, and stays within what one happening can do:
not a sum of money ("$600,000"), a share ("40 percent"), a year ("in 1970") or a population ("600,000 Americans",
a war's or an epidemic's toll over years). The bound is a number of the lexicon (``count_bound`` of
``sitroom/data/lexicon/events.yaml``): a count above it is no single happening's toll.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.counts import Quantity


def _bound() -> int:
    return int(lexicon.table("events", "count_limits")["count_bound"])


def plausible(q: Quantity, patient: Token) -> bool:
    """Does ``q``, read from the phrase headed by ``patient``, count the victims of one happening?"""
    if q.low > _bound():
        return False
    words = {t.lower_ for t in patient.subtree}
    if words & lexicon.words("events", "not_people_units") or any(t.is_currency for t in patient.subtree):
        return False  # "$600,000", "40 percent", "1,000 dollars"
    if (
        patient.like_num
        and not (words - {patient.lower_})
        and len(patient.text) == 4
        and patient.text.isdigit()
        and 1800 <= int(patient.text) <= 2100
    ):
        return False  # "killed in 1970" read as a number
    return True
