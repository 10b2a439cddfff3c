"""The extract stage: per-article NLP (spaCy parse, places, times, actors, events, claims, forecasts, quotes), and
the per-article merge of an event's mentions (:mod:`sitroom.extract.within`).

The public function ``sitroom.extract(text, ...)`` is defined in :mod:`sitroom` (see its module doc for how the
function and this package share the name).
"""
