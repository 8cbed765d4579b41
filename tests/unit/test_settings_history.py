from tendarr.domain.settings_history import changed_keys, deep_merge


def test_deep_merge_merges_nested_sections_and_replaces_leaves() -> None:
    base = {"general": {"a": 1, "b": 2}, "jobs": {"x": 1}}
    assert deep_merge(base, {"general": {"b": 3}}) == {
        "general": {"a": 1, "b": 3},
        "jobs": {"x": 1},
    }
    assert base["general"]["b"] == 2  # the input is not modified


def test_changed_keys_lists_dotted_paths() -> None:
    before = {"general": {"a": 1, "b": 2}, "jobs": {"x": 1}}
    after = {"general": {"a": 1, "b": 3}, "jobs": {"x": 1, "y": 2}}
    assert changed_keys(before, after) == ["general.b", "jobs.y"]
