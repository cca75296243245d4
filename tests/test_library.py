"""Loading and validating the clause library: document order, schema errors, overlays."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.errors import LibraryError
from policygen.library.loader import Library, load_library
from tests.helpers import MINI, edit


def load_error(base: Path, extra: tuple[Path, ...] = ()) -> LibraryError:
    """The error a broken library raises; the message must be one line."""
    with pytest.raises(LibraryError) as info:
        load_library(extra, base=base)
    message = str(info.value)
    assert "\n" not in message
    assert message.strip() == message
    return info.value


# --- the valid library ---------------------------------------------------------------------


def test_mini_library_loads_in_document_order(mini_library: Library) -> None:
    assert mini_library.name == "test library"
    assert mini_library.version == "2026.1.0"
    assert [s.id for s in mini_library.sections] == ["organization", "staff"]
    # Section order first, then `order:` inside a section; file names are alphabetical.
    assert [t.id for t in mini_library.topics] == [
        "official-accounts",
        "engagement-style",
        "spokespersons",
        "employee-rights",
        "students",
        "contact",
    ]
    assert set(mini_library.sources) == {"nasw-code-2021", "nlra-section-7"}


def test_topics_carry_their_definition(mini_library: Library) -> None:
    spokes = mini_library.topic("spokespersons")
    assert spokes is not None
    assert spokes.type == "checkbox"
    assert spokes.default == ["director"]
    assert [o.value for o in spokes.options] == ["director", "comms-lead"]
    assert spokes.fixed_sources == ("nlra-section-7",)
    students = mini_library.topic("students")
    assert students is not None
    assert [o.value for o in students.options] == [True, False]
    assert students.when.source == "org.hosts_students"
    contact = mini_library.topic("contact")
    assert contact is not None
    assert contact.type == "text"
    assert contact.options == ()
    assert contact.sources == ("nasw-code-2021",)
    assert mini_library.topic("nope") is None


def test_profile_fields_by_group(mini_library: Library) -> None:
    org = [f.id for f in mini_library.profile_group("organization")]
    assert org[:3] == ["name", "type", "state"]
    policy = [f.id for f in mini_library.profile_group("policy")]
    assert policy == ["owner", "approved_by", "effective", "review_by"]


def test_order_field_sorts_topics_inside_a_section(copy_library: Path) -> None:
    edit(copy_library / "spokespersons.yaml", "order: 30", "order: 5")
    ids = [t.id for t in load_library(base=copy_library).topics]
    assert ids[:3] == ["spokespersons", "official-accounts", "engagement-style"]


def test_option_order_is_file_order(copy_library: Path) -> None:
    path = copy_library / "spokespersons.yaml"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("options:\n")
    first, second = rest.split("  - value: comms-lead\n")
    options, fixed = second.split("fixed:", 1)
    path.write_text(
        f"{head}options:\n  - value: comms-lead\n{options}{first}fixed:{fixed}", encoding="utf-8"
    )
    topic = load_library(base=copy_library).topic("spokespersons")
    assert topic is not None
    assert [o.value for o in topic.options] == ["comms-lead", "director"]


# --- schema errors: one line naming file and field -----------------------------------------

SCHEMA_ERRORS = [
    # (case, file, old, new, field, words in the message)
    (
        "malformed-yaml",
        "contact.yaml",
        "section: staff",
        "section: staff: x",
        "line 3, column 15",
        "mapping values are not allowed",
    ),
    (
        "tab-indent",
        "contact.yaml",
        "order: 30",
        "\torder: 30",
        "line 4, column 1",
        "tab character",
    ),
    ("unknown-field", "contact.yaml", "order: 30", "order: 30\ncolour: blue", "colour", "unknown"),
    (
        "unknown-question-field",
        "contact.yaml",
        "  type: text",
        "  type: text\n  hint: x",
        "question.hint",
        "unknown field",
    ),
    (
        "missing-option-text",
        "official-accounts.yaml",
        "    text: Only the communications lead creates accounts for {{ org.name }}.\n",
        "",
        "options[0].text",
        "missing",
    ),
    (
        "unknown-source",
        "official-accounts.yaml",
        "    sources: [nasw-code-2021]\n  - value: no-presence",
        "    sources: [nasw-code-2021, nasw-2099]\n  - value: no-presence",
        "options[0].sources[1]",
        "unknown source 'nasw-2099'",
    ),
    (
        "unknown-fixed-source",
        "spokespersons.yaml",
        "fixed_sources: [nlra-section-7]",
        "fixed_sources: [nlra]",
        "fixed_sources[0]",
        "unknown source 'nlra'",
    ),
    (
        "no-sources",
        "contact.yaml",
        "sources: [nasw-code-2021]",
        "sources: []",
        "sources",
        "at least one source",
    ),
    (
        "bad-section",
        "contact.yaml",
        "section: staff",
        "section: volunteers",
        "section",
        "unknown section 'volunteers'",
    ),
    ("id-mismatch", "contact.yaml", "id: contact", "id: contacts", "id", "does not match"),
    (
        "bad-when-syntax",
        "students.yaml",
        'when: "org.hosts_students"',
        'when: "org.hosts_students =="',
        "when",
        "invalid condition",
    ),
    (
        "unknown-name-in-condition",
        "students.yaml",
        'when: "org.hosts_students"',
        'when: "hosts_students"',
        "when",
        "unknown name 'hosts_students'",
    ),
    (
        "unknown-profile-field-in-condition",
        "students.yaml",
        'when: "org.hosts_students"',
        'when: "org.has_interns"',
        "when",
        "unknown field org.has_interns",
    ),
    (
        "unknown-topic-in-condition",
        "students.yaml",
        'when: "org.hosts_students"',
        "when: \"answers['interns'] == 'x'\"",
        "when",
        "unknown topic 'interns'",
    ),
    (
        "later-topic-in-condition",
        "students.yaml",
        'when: "org.hosts_students"',
        "when: \"answers['contact'] == 'x'\"",
        "when",
        "not an earlier topic",
    ),
    (
        "own-answer-in-condition",
        "students.yaml",
        'when: "org.hosts_students"',
        "when: \"answers['students']\"",
        "when",
        "not an earlier topic",
    ),
    (
        "option-condition",
        "employee-rights.yaml",
        "when: \"org.type != 'public-agency'\"",
        "when: \"org.kind != 'public-agency'\"",
        "options[0].when",
        "unknown field org.kind",
    ),
    (
        "jinja-syntax",
        "contact.yaml",
        "Ask {{ answer }} if",
        "Ask {{ answer } if",
        "text",
        "template error",
    ),
    (
        "jinja-syntax-in-option",
        "official-accounts.yaml",
        "accounts for {{ org.name }}.",
        "accounts for {% if org.name %}x.",
        "options[0].text",
        "template error",
    ),
    (
        "unknown-variable",
        "contact.yaml",
        "Ask {{ answer }} if",
        "Ask {{ owner }} if",
        "text",
        "unknown name owner",
    ),
    (
        "heading-in-text",
        "official-accounts.yaml",
        "    text: Only the communications lead",
        "    text: |\n      ## Accounts\n      Only the communications lead",
        "options[0].text",
        "headings are not allowed",
    ),
    (
        "duplicate-key",
        "contact.yaml",
        "order: 30",
        "order: 30\norder: 40",
        "line 5, column 1",
        "duplicate",
    ),
    (
        "yaml-alias",
        "spokespersons.yaml",
        "fixed_sources: [nlra-section-7]",
        "fixed_sources: &s [nlra-section-7]\nsources: *s",
        "line 23, column 10",
        "aliases are not allowed",
    ),
    (
        "confirm-string-value",
        "students.yaml",
        "  - value: true",
        '  - value: "yes"',
        "options[0].value",
        "true or false",
    ),
    (
        "confirm-number-value",
        "students.yaml",
        "  - value: false",
        "  - value: 0",
        "options[1].value",
        "true or false",
    ),
    (
        "default-not-an-option",
        "official-accounts.yaml",
        "default: central-registry",
        "default: registry",
        "question.default",
        "not a valid default for a select",
    ),
    (
        "checkbox-default-not-a-list",
        "spokespersons.yaml",
        "default: [director]",
        "default: director",
        "question.default",
        "not a valid default for a checkbox",
    ),
    (
        "checkbox-default-unknown",
        "spokespersons.yaml",
        "default: [director]",
        "default: [director, board]",
        "question.default",
        "not a valid default for a checkbox",
    ),
    (
        "confirm-default-string",
        "students.yaml",
        "default: true",
        "default: 'yes'",
        "question.default",
        "not a valid default for a confirm",
    ),
    (
        "text-default-number",
        "contact.yaml",
        "default: the communications lead",
        "default: 3",
        "question.default",
        "not a valid default for a text",
    ),
    (
        "bad-question-type",
        "contact.yaml",
        "  type: text",
        "  type: essay",
        "question.type",
        "'essay' is not one of",
    ),
    (
        "multi-line-prompt",
        "contact.yaml",
        "  prompt: Whom should staff ask about this policy?",
        "  prompt: |\n    Whom should staff ask\n    about this policy?",
        "question.prompt",
        "single line",
    ),
    (
        "duplicate-option-values",
        "engagement-style.yaml",
        "  - value: reciprocal",
        "  - value: broadcast",
        "options",
        "unique",
    ),
    (
        "fixed-without-sources",
        "spokespersons.yaml",
        "fixed_sources: [nlra-section-7]",
        "",
        "fixed_sources",
        "needs its own sources",
    ),
    (
        "a-single-option",
        "engagement-style.yaml",
        (
            "  - value: reciprocal\n    label: Reciprocal\n"
            "    text: Our accounts follow peers and share their work with credit.\n"
            "    rationale: Builds community.\n    sources: [nasw-code-2021]\n"
        ),
        "",
        "options",
        "give 2 to 6 options",
    ),
    (
        "text-topic-with-options",
        "contact.yaml",
        "sources: [nasw-code-2021]",
        "sources: [nasw-code-2021]\noptions: [{value: a}]",
        "options",
        "no options",
    ),
    (
        "order-not-a-number",
        "contact.yaml",
        "order: 30",
        "order: thirty",
        "order",
        "whole number",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "words"),
    [case[1:] for case in SCHEMA_ERRORS],
    ids=[case[0] for case in SCHEMA_ERRORS],
)
def test_schema_error_is_one_line_naming_file_and_field(
    copy_library: Path, file: str, old: str, new: str, field: str, words: str
) -> None:
    edit(copy_library / file, old, new)
    err = load_error(copy_library)
    assert err.path is not None
    assert err.path.name == file
    message = str(err)
    assert f"{file}: {field}" in message
    assert words in message


def test_top_level_list_is_refused(copy_library: Path) -> None:
    (copy_library / "contact.yaml").write_text("- id: contact\n", encoding="utf-8")
    err = load_error(copy_library)
    assert "contact.yaml: (top level): expected a mapping, found a list" in str(err)


def test_file_name_must_be_an_id(copy_library: Path) -> None:
    (copy_library / "contact.yaml").rename(copy_library / "Contact.yaml")
    err = load_error(copy_library)
    assert err.path is not None and err.path.name == "Contact.yaml"
    assert "file name must be its id" in str(err)


def test_binary_file_is_refused(copy_library: Path) -> None:
    (copy_library / "contact.yaml").write_bytes(b"id: contact\x00\n")
    assert "binary file" in str(load_error(copy_library))


def test_oversized_file_is_refused(copy_library: Path) -> None:
    padding = "# " + "x" * 1000 + "\n"
    (copy_library / "contact.yaml").write_text(padding * 1100, encoding="utf-8")
    assert "larger than 1024 KiB" in str(load_error(copy_library))


def test_missing_library_yaml(copy_library: Path) -> None:
    (copy_library / "library.yaml").unlink()
    err = load_error(copy_library)
    assert err.path is not None and err.path.name == "library.yaml"
    assert "file not found" in str(err)


def test_bad_library_version(copy_library: Path) -> None:
    edit(copy_library / "library.yaml", "version: 2026.1.0", "version: '2026.1'")
    assert "library.yaml: version: expected a version like" in str(load_error(copy_library))


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("  kind: law", "  kind: statute", "nlra-section-7.kind", "'statute' is not one of"),
        (
            "  url: https://www.nlrb.gov/guidance/key-reference-materials/national-labor-relations-act",
            "  url: ftp://example.org/nlra",
            "nlra-section-7.url",
            "http(s) address",
        ),
        ("  year: 1935", "  year: nineteen", "nlra-section-7.year", "whole number"),
    ],
)
def test_source_errors(copy_library: Path, old: str, new: str, field: str, words: str) -> None:
    edit(copy_library / "sources.yaml", old, new)
    message = str(load_error(copy_library))
    assert f"sources.yaml: {field}" in message
    assert words in message


def test_profile_select_needs_choices(copy_library: Path) -> None:
    edit(
        copy_library / "profile.yaml",
        "    type: text\n    default: MN",
        "    type: select\n    default: MN",
    )
    assert "profile.yaml: organization[2].choices" in str(load_error(copy_library))


# --- --library DIR overlays ----------------------------------------------------------------

NEW_TOPIC = """\
id: mobile-devices
title: Work phones
section: staff
order: 25
question:
  prompt: May staff post from work phones?
  help: Work phones hold client data.
  type: confirm
  default: false
options:
  - value: true
    label: "Yes"
    text: You may post from a work phone.
    rationale: Phones are convenient.
    sources: [agency-device-rule]
  - value: false
    label: "No"
    text: Do not post from a work phone.
    rationale: Phones hold client data.
    sources: [nasw-code-2021]
"""

EXTRA_SOURCES = """\
agency-device-rule:
  title: Device rule
  issuer: Example Agency
  year: 2025
  url: https://example.org/devices
  kind: guidance
"""


def test_overlay_adds_a_topic_and_a_source(tmp_path: Path, mini_library: Library) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "mobile-devices.yaml").write_text(NEW_TOPIC, encoding="utf-8")
    (extra / "sources.yaml").write_text(EXTRA_SOURCES, encoding="utf-8")
    lib = load_library((extra,), base=MINI)
    ids = [t.id for t in lib.topics]
    assert ids == [
        "official-accounts",
        "engagement-style",
        "spokespersons",
        "employee-rights",
        "students",
        "mobile-devices",
        "contact",
    ]
    assert lib.sources["agency-device-rule"].issuer == "Example Agency"
    assert set(mini_library.sources) < set(lib.sources)
    assert lib.folders == (MINI, extra)


def test_overlay_source_is_unknown_without_its_sources_file(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "mobile-devices.yaml").write_text(NEW_TOPIC, encoding="utf-8")
    err = load_error(MINI, (extra,))
    assert "mobile-devices.yaml: options[0].sources[0]: unknown source" in str(err)


def test_overlay_overrides_a_topic_by_id(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    text = (MINI / "contact.yaml").read_text(encoding="utf-8")
    (extra / "contact.yaml").write_text(
        text.replace("title: Questions about this policy", "title: Who to ask"), encoding="utf-8"
    )
    lib = load_library((extra,), base=MINI)
    contact = lib.topic("contact")
    assert contact is not None
    assert contact.title == "Who to ask"
    assert contact.path == extra / "contact.yaml"
    assert len(lib.topics) == 6
    assert [t.id for t in lib.topics].count("contact") == 1


def test_overlay_source_may_not_replace_a_builtin_source(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    clash = EXTRA_SOURCES.replace("agency-device-rule:", "nasw-code-2021:")
    (extra / "sources.yaml").write_text(clash, encoding="utf-8")
    err = load_error(MINI, (extra,))
    assert "sources.yaml: nasw-code-2021: a source with this id already exists" in str(err)


def test_overlay_may_not_carry_library_yaml(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "library.yaml").write_text("name: x\n", encoding="utf-8")
    err = load_error(MINI, (extra,))
    assert err.path == extra / "library.yaml"
    assert "only topics, sources.yaml, prose.yaml, redline.yaml and redflags.yaml" in str(err)


def test_overlay_folder_must_exist(tmp_path: Path) -> None:
    err = load_error(MINI, (tmp_path / "missing",))
    assert "library folder not found" in str(err)


def test_overlay_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "mobile-devices.yaml").write_text(NEW_TOPIC, encoding="utf-8")
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "mobile-devices.yaml").symlink_to(outside / "mobile-devices.yaml")
    err = load_error(MINI, (extra,))
    assert err.path == extra / "mobile-devices.yaml"
    assert "links outside the library folder" in str(err)


def test_overlay_sources_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "sources.yaml"
    outside.write_text(EXTRA_SOURCES, encoding="utf-8")
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "sources.yaml").symlink_to(outside)
    assert "links outside the library folder" in str(load_error(MINI, (extra,)))


def test_overlay_symlink_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    (extra / "drafts").mkdir(parents=True)
    (extra / "drafts" / "mobile-devices.txt").write_text(
        NEW_TOPIC.replace("[agency-device-rule]", "[nasw-code-2021]"), encoding="utf-8"
    )
    (extra / "mobile-devices.yaml").symlink_to(extra / "drafts" / "mobile-devices.txt")
    lib = load_library((extra,), base=MINI)
    assert lib.topic("mobile-devices") is not None


def test_overlay_broken_symlink_is_an_error(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "mobile-devices.yaml").symlink_to(tmp_path / "gone.yaml")
    assert "broken link" in str(load_error(MINI, (extra,)))


def test_yml_file_in_an_added_folder_is_an_error_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "mobile-devices.yml").write_text("id: mobile-devices\n", encoding="utf-8")
    with pytest.raises(LibraryError, match=r"mobile-devices\.yml: rename it to \.yaml"):
        load_library([folder], base=MINI)
