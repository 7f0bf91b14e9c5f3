"""`# noqa` rows are the parser's rows, even when a form feed (common in older code) stands on a line."""

from harness import lint

from futurelint.noqa import parse_suppressions, physical_lines


def test_form_feed_does_not_shift_noqa_rows():
    source = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "\x0c\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work)  # noqa: FUT902\n"
        "    ex.submit(work)\n"
    )
    assert lint(source) == [("FUT902", 5, 5)]
    assert parse_suppressions(source).by_line == {4: frozenset({"FUT902"})}


def test_physical_lines_split_only_at_line_breaks():
    assert physical_lines("a\r\nb\x0cc\rd\ne") == ["a", "b\x0cc", "d", "e"]
    assert physical_lines("a\n") == ["a"]
    assert physical_lines("") == []
