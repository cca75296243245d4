"""The roster file and the ``build --edition`` options, through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.answers.roster import RosterError, read_roster
from tests.helpers import ROOT, run

EXAMPLE = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"


def write(tmp_path: Path, text: str | bytes, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_roster_reads_name_and_role_and_ignores_the_rest(tmp_path: Path) -> None:
    text = "\ufeffEmail, ROLE ,Name\r\na@x.org,Case manager,Ana Ruiz\r\n\r\nb@x.org,Therapist,Bo  Lee\r\n"
    signers = read_roster(write(tmp_path, text))
    assert [(s.name, s.role) for s in signers] == [
        ("Ana Ruiz", "Case manager"),
        ("Bo Lee", "Therapist"),
    ]


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("name,role\nAna,\n", "row 2", "role is empty"),
        ("name,role\nAna,Nurse\n,Therapist\n", "row 3", "name is empty"),
        ("name,role\nAna\n", "row 2", "role is empty"),
        ("name,role\nA\x07na,Nurse\n", "row 2", "name holds control characters"),
        ("name,role\n" + "x" * 201 + ",Nurse\n", "row 2", "longer than 200"),
        ("name,email\nAna,a@x\n", "row 1", "no role column"),
        ("name,role\n", "", "no people listed"),
        ("", "", "the roster is empty"),
    ],
)
def test_bad_roster_names_the_row(tmp_path: Path, text: str, field: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    line = str(caught.value)
    assert line.startswith(f"{path}: {field}: " if field else f"{path}: ")
    assert message in line and "\n" not in line


def test_roster_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "name,role\nJos\xe9,Nurse\n".encode("latin-1"))
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(path)


@pytest.mark.pdf
def test_build_with_a_roster_gives_one_page_per_person(tmp_path: Path) -> None:
    from pypdf import PdfReader

    people = [(f"Person {n}", f"Role {n}") for n in range(1, 8)]
    roster = write(tmp_path, "name,role,team\n" + "".join(f"{a},{b},x\n" for a, b in people))
    out = tmp_path / "out"
    result = run(
        "build",
        str(EXAMPLE),
        "-e",
        "acknowledgement",
        "--roster",
        str(roster),
        "-f",
        "pdf",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    pages = PdfReader(out / "policy-acknowledgement.pdf").pages
    assert len(pages) == len(people)
    for page, (name, role) in zip(pages, people, strict=True):
        text = page.extract_text()
        assert name in text and role in text
        assert all(other not in text for other, _ in people if other != name)


def test_build_with_bad_roster_rows_reports_each_and_writes_nothing(tmp_path: Path) -> None:
    roster = write(tmp_path, "name,role\nAna,\nBo,Nurse\n,Therapist\n")
    out = tmp_path / "out"
    result = run(
        "build", str(EXAMPLE), "-e", "acknowledgement", "--roster", str(roster), "-o", str(out)
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"policygen: error: {roster}: row 2: role is empty",
        f"policygen: error: {roster}: row 4: name is empty",
    ]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_build_several_editions_and_languages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "build",
        str(EXAMPLE),
        "-e",
        "summary,client",
        "-e",
        "posted",
        "--lang",
        "en,es",
        "-f",
        "md",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "policy-client-es.md",
        "policy-client.md",
        "policy-posted.md",
        "policy-summary.md",
    ]
    assert "# Cómo usamos las redes sociales" in (out / "policy-client-es.md").read_text()
    assert "# How we use social media" in (out / "policy-client.md").read_text()


def test_acknowledgment_spelling_is_accepted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(EXAMPLE), "-e", "acknowledgment", "-f", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [path.name for path in out.iterdir()] == ["policy-acknowledgement.md"]


def test_default_edition_is_the_policy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(EXAMPLE), "-f", "md", "-o", str(out))
    assert result.exit_code == 0
    assert [path.name for path in out.iterdir()] == ["policy.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-e", "sumary"], "--edition: unknown edition 'sumary'"),
        (["-e", ","], "--edition: name at least one edition"),
        (["-e", "summary", "--lang", "fr"], "--lang: unknown language 'fr'"),
        (["-e", "summary", "--lang", "es"], "--lang: the summary edition is written in English"),
        (["--roster", "staff.csv"], "--roster: a roster is for --edition acknowledgement"),
    ],
)
def test_bad_edition_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    result = run("build", str(EXAMPLE), "-f", "md", "-o", str(out), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policygen: error: {message}")
    assert result.stderr.count("\n") == 1
    assert not out.exists()
