"""The library cache serves a library only while every byte it was built from is unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from policygen.errors import LibraryError
from policygen.library.cache import load_cached
from policygen.library.loader import Library, load_library
from tests.helpers import MINI, ROOT, edit, run

EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of the mini library."""
    return Path(shutil.copytree(MINI, tmp_path / "mini"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for this test."""
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICYGEN_NO_CACHE", raising=False)
    return tmp_path / "cache"


class Loads:
    """A loader that counts how often the library is really loaded."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0

    def __call__(self) -> Library:
        self.count += 1
        return load_library(base=self.folder)


def cached(folder: Path, loads: Callable[[], Library]) -> Library:
    return load_cached([folder], loads)


def test_a_second_load_is_served_from_the_cache_and_equals_a_fresh_one(
    folder: Path, cache: Path
) -> None:
    loads = Loads(folder)
    first = cached(folder, loads)
    second = cached(folder, loads)
    assert loads.count == 1
    assert second == first == load_library(base=folder)
    assert len(list(cache.glob("library-*.pickle"))) == 1


@pytest.mark.parametrize("example", sorted(p.parent.name for p in EXAMPLES))
def test_a_build_from_the_cache_equals_one_without_it(
    example: str, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = ROOT / "examples" / example / "policy.yaml"
    built = []
    for run_ in ("fills the cache", "served from the cache", "no cache"):
        if run_ == "no cache":
            monkeypatch.setenv("POLICYGEN_NO_CACHE", "1")
        out = tmp_path / run_.replace(" ", "-")
        result = run("build", str(answers), "-f", "md", "-o", str(out))
        assert result.exit_code == 0, result.output
        built.append((out / "policy.md").read_bytes())
    assert len(list(cache.glob("library-*.pickle"))) == 1
    assert built[0] == built[1] == built[2]


@pytest.mark.usefixtures("cache")
def test_an_edited_file_is_never_served_stale(folder: Path) -> None:
    loads = Loads(folder)
    cached(folder, loads)
    topic = next(path for path in sorted(folder.glob("*.yaml")) if "title:" in path.read_text())
    title = next(line for line in topic.read_text().splitlines() if line.startswith("title:"))
    edit(topic, title, "title: A title changed after caching")
    library = cached(folder, loads)
    assert loads.count == 2
    assert "A title changed after caching" in [t.title for t in library.topics]


@pytest.mark.usefixtures("cache")
def test_an_added_file_changes_the_key(folder: Path) -> None:
    loads = Loads(folder)
    cached(folder, loads)
    (folder / "notes.txt").write_text("not a topic, but the folder changed\n", encoding="utf-8")
    cached(folder, loads)
    assert loads.count == 2


def test_a_tampered_cache_file_is_ignored_and_rebuilt(folder: Path, cache: Path) -> None:
    loads = Loads(folder)
    expected = cached(folder, loads)
    (entry,) = cache.glob("library-*.pickle")
    title = expected.topics[0].title.encode()
    data = entry.read_bytes()
    assert title in data
    # Still a valid pickle, with one title changed: only the digest can tell.
    entry.write_bytes(data.replace(title, title.upper(), 1))
    assert cached(folder, loads) == expected
    assert loads.count == 2
    entry.write_bytes(b"not a cache file")
    assert cached(folder, loads) == expected
    assert loads.count == 3


def test_a_folder_others_may_write_to_is_not_used(folder: Path, cache: Path) -> None:
    loads = Loads(folder)
    cached(folder, loads)
    cache.chmod(0o777)
    cached(folder, loads)
    cached(folder, loads)
    assert loads.count == 3


def test_a_folder_with_a_symbolic_link_is_not_cached(folder: Path, cache: Path) -> None:
    (folder / "link.txt").symlink_to(folder / "library.yaml")
    loads = Loads(folder)
    cached(folder, loads)
    cached(folder, loads)
    assert loads.count == 2
    assert not list(cache.glob("library-*.pickle"))


def test_the_cache_can_be_turned_off(
    folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYGEN_NO_CACHE", "1")
    loads = Loads(folder)
    cached(folder, loads)
    cached(folder, loads)
    assert loads.count == 2
    assert not cache.exists()


def test_a_library_error_is_not_cached(folder: Path, cache: Path) -> None:
    (folder / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(LibraryError):
            cached(folder, Loads(folder))
    assert not list(cache.glob("library-*.pickle"))
