"""Making a Pipeline: the collector's freeze of what the first one loads happens once per process."""

from __future__ import annotations

import gc
import weakref

from sitroom.pipeline import Pipeline


def test_a_pipeline_made_after_the_first_pins_no_garbage(pipeline):
    # a Pipeline froze every object alive when it was made (gc.freeze); default_pipeline() makes one per call (the
    # server: one per write), so the garbage cycles of the moment were never collected again
    class Cycle:
        pass

    enabled = gc.isenabled()
    gc.disable()  # no automatic collection between making the garbage and the Pipeline
    try:
        c = Cycle()
        c.me = c  # type: ignore[attr-defined]
        ref = weakref.ref(c)
        del c
        Pipeline()
        gc.collect()
        assert ref() is None
    finally:
        if enabled:
            gc.enable()
