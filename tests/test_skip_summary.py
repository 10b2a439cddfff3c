"""`make test` on a machine without PostgreSQL or Chromium: the suite's last lines say how many tests skipped for
want of each and the command that sets them up (tests/conftest.py's terminal summary)."""

from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]


def test_skipped_service_tests_are_counted_with_the_command_that_enables_them(pytester):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_services="""
        import pytest

        @pytest.mark.skipif(True, reason="set SITROOM_TEST_PG=postgresql://... to run the PostgreSQL tests")
        def test_on_postgres():
            pass

        @pytest.mark.skipif(True, reason="Debian's chromium is not installed at /usr/bin/chromium")
        @pytest.mark.parametrize("n", [1, 2])
        def test_in_a_browser(n):
            pass

        def test_plain():
            pass
    """
    )
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(
        [
            "skipped tests: 2 need Chromium, 1 need PostgreSQL; as root, `make test` (or "
            ".ci/run) installs and starts them*SITROOM_TEST_PG=*"
        ]
    )


def test_no_line_when_nothing_skipped_for_a_service(pytester):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_plain="""
        import pytest

        @pytest.mark.skip(reason="not this one")
        def test_other():
            pass
    """
    )
    result = pytester.runpytest("-q")
    result.assert_outcomes(skipped=1)
    assert "skipped tests:" not in result.stdout.str()
