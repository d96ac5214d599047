"""Every rule file is read with no key given twice: YAML keeps the last of two equal keys, so a second
`call_duration:` or `place_entities:` silently drops the first one's words (both slips happened)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted([*(ROOT / "nlq" / "grammar").glob("*.yaml"), ROOT / "catalog" / "concepts.yaml"])


class _UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses a mapping holding one key twice."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_no_key_is_given_twice(path: Path) -> None:
    assert yaml.load(path.read_text(), Loader=_UniqueKeys) is not None  # noqa: S506  (a SafeLoader)
