"""The seed article against ../shared/seed/expected.yaml, through the real pipeline."""

import pytest

from sitroom.eval.seed import check_seed, load_seed


@pytest.fixture(scope="module")
def seed_checks(shared, pipeline):
    from datetime import date

    from sitroom.ingest import article_from_text

    text, spec = load_seed(shared)
    doc = pipeline.run(article_from_text(text, published=date.fromisoformat(str(spec["article"]["published"]))))
    return {c.name: c for c in check_seed(doc, spec)}


def test_every_required_seed_fact(seed_checks):
    failed = [f"{c.name}: {c.detail}" for c in seed_checks.values() if not c.ok and not c.optional]
    assert not failed, "\n".join(failed)


def test_seed_checks_cover_the_spec(seed_checks):
    # every section of the spec produced checks (guards against a checker that silently checks nothing)
    prefixes = [
        "article.",
        "place ",
        "actor ",
        "event ghazni-captured",
        "event prison-break",
        "event intelligence-hq-held",
        "event police-districts-held",
        "event media-claim",
        "event displacement",
        "event power-sharing-offer",
        "event withdrawal-order",
        "claim ",
        "forecast ",
        "quotes by ",
    ]
    for p in prefixes:
        assert any(n.startswith(p) for n in seed_checks), p
    assert len(seed_checks) >= 80
