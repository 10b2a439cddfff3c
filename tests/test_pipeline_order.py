import pytest

from sitroom.errors import ConfigError
from sitroom.pipeline import COMPONENTS, check_order


def test_default_order_is_valid():
    check_order(COMPONENTS)


def test_misordered_pipeline_fails_before_it_runs():
    comps = list(COMPONENTS)
    events = next(c for c in comps if c.name == "events")
    comps.remove(events)
    comps.insert(1, events)  # events before places, times and actors
    with pytest.raises(ConfigError, match="events"):
        check_order(comps)


def test_docs_schema_matches_model():
    import json
    from pathlib import Path

    from sitroom.model import Article

    doc = json.loads((Path(__file__).parent.parent / "docs" / "schema.json").read_text())
    assert doc == Article.model_json_schema(), "docs/schema.json is stale: regenerate it from sitroom.model.Article"
