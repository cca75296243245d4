"""Red-flag detection measured on a labelled corpus of real work rules (issue 10, quality item 2).

Run with ``-s`` to see the figures: recall on the unlawful rules and false positives on the lawful
ones, for the whole corpus and for the entries held out while the patterns were written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policygen.quality.redflags import find, load_redflags
from tests.helpers import ROOT

CORPUS = Path(__file__).parent / "data" / "redflag-corpus.yaml"
ISSUE_EXAMPLE = (
    "Staff may not discuss confidential information such as salaries outside their team and must "
    "get a supervisor's approval before posting anything about their job, even on their own time."
)


def _corpus() -> list[dict[str, Any]]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _flagged(entry: dict[str, Any]) -> list[str]:
    hits = find(entry["text"], load_redflags(), entry.get("org_type", "private-nonprofit"))
    return [hit.flag.id for hit in hits]


def test_the_corpus_is_real_labelled_and_cited() -> None:
    entries = _corpus()
    assert len(entries) >= 40
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry["label"] in {"lawful", "unlawful"}, entry["id"]
        assert entry.get("org_type", "private-nonprofit") in {
            "public-agency",
            "private-nonprofit",
            "private-for-profit",
        }
        for key in ("text", "citation", "url", "maintainer"):
            assert str(entry.get(key, "")).strip(), (entry["id"], key)
        assert str(entry["url"]).startswith(("https://", "http://")), entry["id"]
    labels = [e["label"] for e in entries]
    assert labels.count("unlawful") >= 15 and labels.count("lawful") >= 15
    assert any(e.get("org_type") == "public-agency" and e["label"] == "unlawful" for e in entries)
    assert any(" ".join(e["text"].split()) == ISSUE_EXAMPLE for e in entries)


def _figures(entries: list[dict[str, Any]]) -> tuple[list[str], list[str], int, int]:
    unlawful = [e for e in entries if e["label"] == "unlawful"]
    lawful = [e for e in entries if e["label"] == "lawful"]
    missed = [e["id"] for e in unlawful if not _flagged(e)]
    wrongly = [f"{e['id']} ({', '.join(_flagged(e))})" for e in lawful if _flagged(e)]
    return missed, wrongly, len(unlawful), len(lawful)


def test_every_unlawful_rule_is_flagged_and_no_lawful_one() -> None:
    entries = _corpus()
    for name, subset in (
        ("whole corpus", entries),
        ("held out", [e for e in entries if e.get("held_out")]),
    ):
        missed, wrongly, unlawful, lawful = _figures(subset)
        print(
            f"\nred-flag corpus, {name}: recall {unlawful - len(missed)}/{unlawful}, "
            f"false positives {len(wrongly)}/{lawful}"
        )
        for entry_id in missed:
            print(f"  missed: {entry_id}")
        for entry in wrongly:
            print(f"  false positive: {entry}")
    missed, wrongly, _, _ = _figures(entries)
    assert missed == [] and wrongly == []


def test_the_issue_example_trips_two_patterns() -> None:
    ids = {hit.flag.id for hit in find(ISSUE_EXAMPLE, load_redflags(), "private-nonprofit")}
    assert {"protected-subject", "approval-before-posting"} <= ids


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Comments critical of the department will be removed.", "viewpoint-moderation"),
        ("We remove offensive or negative comments.", "viewpoint-moderation"),
        (
            "Employees may comment on matters of public concern as long as they are positive.",
            "public-concern-conditions",
        ),
    ],
)
def test_first_amendment_patterns_apply_only_to_public_agencies(text: str, flag: str) -> None:
    flags = load_redflags()
    assert flag in {hit.flag.id for hit in find(text, flags, "public-agency")}
    assert flag not in {hit.flag.id for hit in find(text, flags, "private-nonprofit")}


def test_a_specific_carve_out_clears_a_confidentiality_rule_but_a_generic_one_does_not() -> None:
    flags = load_redflags()
    rule = "Do not discuss internal information or wages outside the agency."
    carve_out = " Wages, hours and working conditions are not confidential under this policy."
    generic = " This policy will not be interpreted or applied so as to violate Section 7."
    assert find(rule, flags, "private-nonprofit")
    assert not find(rule + carve_out, flags, "private-nonprofit")
    assert {h.flag.id for h in find(rule + generic, flags, "private-nonprofit")} >= {
        "protected-subject",
        "generic-savings-clause",
    }


def test_a_negated_list_item_is_read_with_its_lead_in() -> None:
    flags = load_redflags()
    negated = "The agency must not:\n\n- Hide or remove negative reviews.\n"
    assert not find(negated, flags, "public-agency")
    assert find("- Hide or remove negative reviews.\n", flags, "public-agency")


def test_the_docs_show_every_pattern_with_an_example_that_trips_it() -> None:
    import re

    docs = (ROOT / "docs" / "quality.md").read_text()
    red_flags = docs[docs.index("### Red flags") : docs.index("### Plain language")]
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \| .+ \|$", red_flags, re.MULTILINE)
    flags = load_redflags()
    assert [flag_id for flag_id, _ in rows] == [flag.id for flag in flags]
    for flag, (_, example) in zip(flags, rows, strict=True):
        org_type = "public-agency" if flag.applies_to else "private-nonprofit"
        assert flag.id in {hit.flag.id for hit in find(example, flags, org_type)}, example
