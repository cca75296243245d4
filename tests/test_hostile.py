"""The hostile corpus (``tests/hostile/``) through the real command line.

Every answers file in ``hostile/answers/`` and every clause folder in ``hostile/libraries/``
says in its header what it tries and what must happen (``# expect: 2 FIELD: message`` or
``expect: 0``). A case that must fail gives exit 2 and one line ``policygen: error: FILE: FIELD:
message``, no traceback and no output. A case that must build shows every typed or library
string literally in Markdown, HTML and (for one case) PDF, with no live markup. Every case runs
with its file opens and folder listings recorded, every connection refused and recorded, and a
time bound; a subset runs in a fresh interpreter under a memory limit. Cases that need files no
repository should hold (50 MB, links out of the folder, unreadable files) are made here.
"""

from __future__ import annotations

import gc
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import Result

from policygen.library.builtin import content_dir
from tests.guard import (
    Recorder,
    Run,
    allowed_roots,
    can_drop_read_anything,
    refuse_sockets,
    run_guarded,
    strays,
)
from tests.helpers import run

HOSTILE = Path(__file__).parent / "hostile"
SAFE_HREF = re.compile(r"^(?:#|https?://|mailto:)")
HEAD_TAGS = {"html", "head", "meta", "title", "style", "body"}
BODY_TAGS = {"div", "header", "p", "h1", "h2", "h3", "dl", "dt", "dd", "time", "section", "nav"}
BODY_TAGS |= {"ol", "ul", "li", "a", "span", "main", "table", "thead", "tbody", "tr", "th", "td"}
BODY_TAGS |= {"cite", "footer", "em", "strong", "code", "br", "blockquote", "pre"}

pytestmark = pytest.mark.usefixtures("mini_builtin")


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expect:
    """What a case must do: exit ``code``; for errors, the line after ``FILE: ``."""

    what: str
    code: int
    rest: str
    literal: tuple[str, ...] = ()


def parse_expect(lines: list[str]) -> Expect:
    fields: dict[str, list[str]] = {}
    for line in lines:
        key, _, value = line.partition(": ")
        fields.setdefault(key.lstrip("# ").strip(), []).append(value)
    code, _, rest = fields["expect"][0].partition(" ")
    return Expect(fields["hostile"][0], int(code), rest, tuple(fields.get("literal", ())))


def answers_expect(path: Path) -> Expect:
    head = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n")[:2]
    return parse_expect([line.decode("utf-8") for line in head])


def library_expect(folder: Path) -> Expect:
    return parse_expect((folder / "expect.txt").read_text(encoding="utf-8").splitlines())


ANSWERS = sorted((HOSTILE / "answers").glob("*.yaml"))
LIBRARIES = sorted(path for path in (HOSTILE / "libraries").iterdir() if path.is_dir())


def test_the_corpus_is_whole() -> None:
    assert len(ANSWERS) >= 60 and len(LIBRARIES) >= 60
    for path in ANSWERS:
        assert answers_expect(path).code in (0, 2), path
    for folder in LIBRARIES:
        assert library_expect(folder).code in (0, 2), folder


# --- running one case ---------------------------------------------------------------------


@dataclass
class Outcome:
    result: Result
    recorder: Recorder
    sockets: list[Any]


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:  # a callable: cli(*args) -> Outcome
    """Run the CLI in ``tmp_path`` with file opens recorded and every connection refused."""
    monkeypatch.chdir(tmp_path)
    sockets = refuse_sockets(monkeypatch)

    def invoke(*args: str) -> Outcome:
        if "weasyprint" in sys.modules:  # a full collection is slow in a big process: if needed
            gc.collect()  # an earlier PDF's font files are removed when collected: not this case
        recorder = Recorder()
        with recorder.armed():
            result = run(*args)
        return Outcome(result, recorder, sockets)

    yield invoke


def assert_error(outcome: Outcome, start: str, *, tmp: Path, deny: tuple[Path, ...] = ()) -> None:
    """Exit 2, one line naming file and field, no traceback, no output, nothing read outside."""
    result = outcome.result
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith(f"policygen: error: {start}"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    assert not (tmp / "out").exists()
    assert_contained(outcome, tmp=tmp, deny=deny)


def assert_contained(outcome: Outcome, *, tmp: Path, deny: tuple[Path, ...] = ()) -> None:
    assert outcome.sockets == [] and outcome.recorder.network == []
    roots = allowed_roots(tmp)
    deny = (*deny, tmp / "outside")
    assert strays(outcome.recorder.opened, roots, deny=deny) == []
    assert strays(outcome.recorder.listed, roots, deny=deny) == []


# --- answers files ------------------------------------------------------------------------


@pytest.mark.parametrize("case", ANSWERS, ids=[path.stem for path in ANSWERS])
def test_hostile_answers(case: Path, cli: Any, tmp_path: Path) -> None:
    expect = answers_expect(case)
    shutil.copyfile(case, tmp_path / case.name)
    outcome = cli("build", case.name, "-f", "md,html", "-o", "out")
    if expect.code:
        assert_error(outcome, f"{case.name}: {expect.rest}", tmp=tmp_path)
        return
    assert outcome.result.exit_code == 0, outcome.result.stderr
    assert_contained(outcome, tmp=tmp_path)
    assert_literal(
        tmp_path / "out" / f"{case.stem}.md", tmp_path / "out" / f"{case.stem}.html", typed(case)
    )


def typed(case: Path) -> list[str]:
    """Every string of an answers file that the document prints."""
    data = yaml.safe_load(case.read_bytes().decode("utf-8-sig"))
    policy = data["policy"]
    found = [data["organization"]["name"], data["answers"]["contact"]]
    found += [str(policy[key]) for key in ("owner", "approved_by", "title", "version")]
    for entry in data["history"]:
        found += [entry["version"], entry["summary"]]
    return found


# --- clause folders -----------------------------------------------------------------------


@pytest.mark.parametrize("case", LIBRARIES, ids=[path.name for path in LIBRARIES])
def test_hostile_library(case: Path, cli: Any, tmp_path: Path, answers_file: Path) -> None:
    expect = library_expect(case)
    shutil.copytree(case, tmp_path / "lib")
    outcome = cli("build", answers_file.name, "-f", "md,html", "-o", "out", "-L", "lib")
    if expect.code:
        assert_error(outcome, f"lib/{expect.rest}", tmp=tmp_path)
        return
    assert outcome.result.exit_code == 0, outcome.result.stderr
    assert_contained(outcome, tmp=tmp_path)
    out = tmp_path / "out"
    assert_literal(out / "policy.md", out / "policy.html", list(expect.literal))


# --- literal output -----------------------------------------------------------------------


class Page(HTMLParser):
    """Tags, attributes, text and style blocks of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def visible_html(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_safe_page(page: Page) -> None:
    """No markup that runs, loads or links out, whatever the input held."""
    css = (content_dir("templates") / "policy.css").read_text(encoding="utf-8")
    assert [squash(style) for style in page.styles] == [squash(css)]
    for tag, attrs in page.tags:
        assert tag in HEAD_TAGS | BODY_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "style", "action", "formaction", "data"), name
            if name == "href":
                assert value is not None and SAFE_HREF.match(value), value
            if tag == "meta" and name == "http-equiv":
                raise AssertionError("meta http-equiv in the page")


class SeeEveryLink(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: ARG002 - every scheme, to inspect it
        return True


def markdown_view(markdown: str) -> str:
    """The Markdown as a permissive renderer shows it; it must hold no raw HTML or odd link."""
    parser = SeeEveryLink("commonmark", {"html": True}).enable("table")
    tokens = parser.parse(markdown)
    stack = list(tokens)
    while stack:
        token = stack.pop()
        assert token.type not in ("html_block", "html_inline", "image"), token
        if token.type == "link_open":
            assert SAFE_HREF.match(str(token.attrs["href"])), token.attrs
        stack.extend(token.children or ())
    return squash(" ".join(visible_html(parser.render(markdown)).text))


def assert_literal(md_path: Path, html_path: Path, strings: list[str]) -> None:
    assert strings
    markdown = md_path.read_text(encoding="utf-8")
    shown_md = markdown_view(markdown)
    page = visible_html(html_path.read_text(encoding="utf-8"))
    assert_safe_page(page)
    shown_html = squash(" ".join(page.text))
    for string in strings:
        assert squash(string) in shown_md, string
        assert squash(string) in shown_html, string


# --- PDF: literal text, only package assets fetched -----------------------------------------


@pytest.mark.pdf
def test_hostile_answers_and_library_in_pdf(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    from policygen.render import pdf

    fetchers: list[Any] = []
    original = pdf.AssetFetcher.__init__

    def recording(self: Any, allowed: list[Path], **options: Any) -> None:
        original(self, allowed, **options)
        fetchers.append(self)

    monkeypatch.setattr(pdf.AssetFetcher, "__init__", recording)
    case = HOSTILE / "answers" / "injection-literal.yaml"
    shutil.copyfile(case, tmp_path / "policy.yaml")
    shutil.copytree(HOSTILE / "libraries" / "literal-strings", tmp_path / "lib")
    outcome = cli("build", "policy.yaml", "-f", "md,html,pdf", "-o", "out", "-L", "lib")
    assert outcome.result.exit_code == 0, outcome.result.stderr
    assert outcome.sockets == [] and outcome.recorder.network == []
    assert [fetcher.refused for fetcher in fetchers] == [[]]
    secrets = ("/etc/passwd", "/etc/hostname", str(tmp_path / "outside"))
    assert not [path for path in outcome.recorder.opened if path.startswith(secrets)]
    strings = typed(case) + list(library_expect(HOSTILE / "libraries" / "literal-strings").literal)
    out = tmp_path / "out"
    assert_literal(out / "policy.md", out / "policy.html", strings)
    reader = PdfReader(io.BytesIO((out / "policy.pdf").read_bytes()))
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    for string in strings:
        assert "".join(string.split()) in text, string


# --- made at test time: sizes -------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def big_file(path: Path, size: int) -> None:
    line = b"  - a fairly ordinary line of YAML text to make the file large\n"
    with path.open("wb") as handle:
        handle.write(b"policygen: 1\nlibrary: 2026.1.0\nhistory:\n")
        for _ in range(size // len(line) + 1):
            handle.write(line)


def test_fifty_megabyte_answers_file(cli: Any, tmp_path: Path) -> None:
    big_file(tmp_path / "big.yaml", FIFTY_MB)
    outcome = cli("build", "big.yaml", "-f", "md,html", "-o", "out")
    assert_error(outcome, "big.yaml: file is larger than 1024 KiB", tmp=tmp_path)


def test_fifty_megabyte_topic_file(cli: Any, tmp_path: Path, answers_file: Path) -> None:
    (tmp_path / "lib").mkdir()
    big_file(tmp_path / "lib" / "contact.yaml", FIFTY_MB)
    outcome = cli("build", answers_file.name, "-o", "out", "-f", "md", "-L", "lib")
    assert_error(outcome, "lib/contact.yaml: file is larger than 1024 KiB", tmp=tmp_path)


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
def test_too_many_values_are_refused_before_any_is_built(
    loader: str, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1 MiB of tiny list items would take seconds to build into Python values: refused first.
    # (How long the refusal takes is measured by `make bench`, not here.)
    if loader == "pure-python":
        monkeypatch.setattr("policygen.safe_yaml._CLoader", None)
    monkeypatch.setenv("POLICYGEN_NO_CACHE", "1")  # the library files must really be parsed
    built: list[str] = []  # the first key of every YAML document turned into Python values
    construct = yaml.constructor.BaseConstructor.construct_document

    def counting(self: Any, node: Any) -> Any:
        if isinstance(node, yaml.MappingNode) and node.value:
            built.append(node.value[0][0].value)
        return construct(self, node)

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_document", counting)
    items = "[" + ",".join(["1"] * 500_000) + "]"
    text = f"policygen: 1\nlibrary: 2026.1.0\norganization:\n  name: {items}\n"
    assert len(text) < 1024 * 1024
    (tmp_path / "wide.yaml").write_text(text, encoding="utf-8")
    cli("clauses", "list")
    assert "name" in built  # the hook sees what is built: the library files, as usual...
    built.clear()
    outcome = cli("build", "wide.yaml", "-f", "md", "-o", "out")
    assert_error(outcome, "wide.yaml: line 4, column ", tmp=tmp_path)
    assert outcome.result.stderr.endswith(": more than 20,000 values in one file\n")
    assert "policygen" not in built  # ...but nothing of the answers file was


# --- made at test time: links out of the library --------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the library, holding a valid topic that must never be read."""
    folder = tmp_path / "outside"
    (folder / "topics").mkdir(parents=True)
    source = HOSTILE / "libraries" / "lib-bom" / "contact.yaml"
    shutil.copyfile(source, folder / "contact.yaml")
    shutil.copyfile(source, folder / "topics" / "contact.yaml")
    (folder / "sources.yaml").write_text("leaked:\n  title: secret\n", encoding="utf-8")
    return folder


LINKS = {
    "file": ("contact.yaml", "outside/contact.yaml", "lib/contact.yaml: links outside"),
    "folder": ("topics.yaml", "outside/topics", "lib/topics.yaml: links outside"),
    "sources": ("sources.yaml", "outside/sources.yaml", "lib/sources.yaml: links outside"),
    "system": ("passwd.yaml", "/etc/passwd", "lib/passwd.yaml: links outside"),
    "device": ("zero.yaml", "/dev/zero", "lib/zero.yaml: links outside"),
    "broken": ("contact.yaml", "outside/missing.yaml", "lib/contact.yaml: file not found"),
    "broken-sources": ("sources.yaml", "outside/missing.yaml", "lib/sources.yaml: file not found"),
    "loop": (
        "contact.yaml",
        "lib/contact.yaml",
        "lib/contact.yaml: link loop; refusing to read it",
    ),
}


@pytest.mark.parametrize("kind", sorted(LINKS))
def test_symlink_out_of_the_library(
    kind: str, cli: Any, tmp_path: Path, outside: Path, answers_file: Path
) -> None:
    name, target, start = LINKS[kind]
    (tmp_path / "lib").mkdir()
    resolved = target if target.startswith("/") else str(tmp_path / target)
    (tmp_path / "lib" / name).symlink_to(resolved)
    outcome = cli("build", answers_file.name, "-f", "md,html", "-o", "out", "-L", "lib")
    assert_error(outcome, start, tmp=tmp_path, deny=(outside, Path("/etc"), Path("/dev/zero")))


def test_a_library_that_is_a_link_to_a_folder_is_the_users_choice(
    cli: Any, tmp_path: Path, answers_file: Path
) -> None:
    # --library DIR itself may be a link: the user named it. What it holds is checked as usual.
    shutil.copytree(HOSTILE / "libraries" / "lib-bom", tmp_path / "real")
    (tmp_path / "lib").symlink_to(tmp_path / "real")
    outcome = cli("build", answers_file.name, "-f", "md", "-o", "out", "-L", "lib")
    assert outcome.result.exit_code == 0, outcome.result.stderr


def test_a_fifo_in_the_library_is_refused_without_blocking(
    cli: Any, tmp_path: Path, answers_file: Path
) -> None:
    (tmp_path / "lib").mkdir()
    os.mkfifo(tmp_path / "lib" / "contact.yaml")
    outcome = cli("build", answers_file.name, "-f", "md", "-o", "out", "-L", "lib")
    assert_error(outcome, "lib/contact.yaml: not a regular file", tmp=tmp_path)


@pytest.mark.parametrize(
    ("make", "start"),
    [
        ("file", "lib: library folder not found or not a folder"),
        ("missing", "lib: library folder not found or not a folder"),
        ("fifo", "lib: library folder not found or not a folder"),
    ],
)
def test_library_option_that_is_not_a_folder(
    make: str, start: str, cli: Any, tmp_path: Path, answers_file: Path
) -> None:
    if make == "file":
        (tmp_path / "lib").write_text("id: x\n", encoding="utf-8")
    elif make == "fifo":
        os.mkfifo(tmp_path / "lib")
    outcome = cli("build", answers_file.name, "-f", "md", "-o", "out", "-L", "lib")
    assert_error(outcome, start, tmp=tmp_path)


@pytest.mark.parametrize("make", ["fifo", "folder", "device"])
def test_answers_file_that_is_not_a_file(make: str, cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    outcome = cli("build", "policy.yaml", "-f", "md", "-o", "out")
    assert_error(outcome, "policy.yaml: not a regular file", tmp=tmp_path, deny=(Path("/dev"),))


# --- made at test time: outputs that cannot be written ----------------------------------------


def test_output_folder_is_a_file(cli: Any, tmp_path: Path, answers_file: Path) -> None:
    (tmp_path / "out").write_text("keep me\n", encoding="utf-8")
    outcome = cli("build", answers_file.name, "-f", "md,html", "-o", "out")
    assert outcome.result.exit_code == 2
    assert outcome.result.stderr == "policygen: error: out: output folder is a file\n"
    assert (tmp_path / "out").read_text(encoding="utf-8") == "keep me\n"


def test_output_folder_below_a_file(cli: Any, tmp_path: Path, answers_file: Path) -> None:
    (tmp_path / "out").write_text("keep me\n", encoding="utf-8")
    outcome = cli("build", answers_file.name, "-f", "md", "-o", "out/deeper")
    assert outcome.result.exit_code == 2
    assert outcome.result.stderr.startswith("policygen: error: out/deeper: cannot write here")
    assert outcome.result.stderr.count("\n") == 1
    assert (tmp_path / "out").read_text(encoding="utf-8") == "keep me\n"


# --- unreadable files and unwritable folders (root reads anything: give that power up) ------

needs_permissions = pytest.mark.skipif(
    os.geteuid() == 0 and not can_drop_read_anything(),
    reason="running as root without CAP_SETPCAP: cannot give up reading every file",
)


def permission_run(tmp: Path, *args: str) -> Run:
    """As root, in a child that gave up CAP_DAC_OVERRIDE/READ_SEARCH; else as we are."""
    return run_guarded(args, cwd=tmp, drop_read_anything=os.geteuid() == 0, timeout=30)


def assert_run_error(run: Run, start: str, tmp: Path) -> None:
    assert run.code == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.startswith(f"policygen: error: {start}"), run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert not (tmp / "out").exists() or not any((tmp / "out").iterdir())
    assert run.network == []


@pytest.fixture
def lib_with_topic(tmp_path: Path) -> Path:
    shutil.copytree(HOSTILE / "libraries" / "lib-bom", tmp_path / "lib")
    (tmp_path / "lib" / "expect.txt").unlink()
    return tmp_path / "lib"


@needs_permissions
@pytest.mark.parametrize(
    ("target", "mode", "start"),
    [
        ("answers", 0o000, "policy.yaml: cannot read the file (permission denied)"),
        ("topic", 0o000, "lib/contact.yaml: cannot read the file (permission denied)"),
        ("folder", 0o000, "lib: cannot read the folder (Permission denied)"),
        ("folder", 0o300, "lib: cannot list the folder (Permission denied)"),
        ("folder", 0o600, "lib: cannot read the folder (Permission denied)"),
        ("out", 0o555, "out: cannot write here (Permission denied)"),
    ],
)
def test_unreadable_inputs_and_unwritable_outputs(
    target: str, mode: int, start: str, tmp_path: Path, answers_file: Path, lib_with_topic: Path
) -> None:
    path = {
        "answers": answers_file,
        "topic": lib_with_topic / "contact.yaml",
        "folder": lib_with_topic,
        "out": tmp_path / "out",
    }[target]
    path.mkdir(exist_ok=True) if target == "out" else None
    path.chmod(mode)
    try:
        run = permission_run(tmp_path, "build", "policy.yaml", "-f", "md", "-o", "out", "-L", "lib")
    finally:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert_run_error(run, start, tmp_path)


# --- in a fresh interpreter: memory limit, real entry point, real process ---------------------

FRESH = [
    ("answers", "alias-bomb"),
    ("answers", "deep-nesting-flow"),
    ("answers", "type-name-huge"),
    ("answers", "surrogate"),
    ("libraries", "jinja-string-bomb"),
    ("libraries", "jinja-power-bomb"),
    ("libraries", "jinja-format-bomb"),
    ("libraries", "jinja-loop-bomb"),
    ("libraries", "condition-bomb"),
    ("libraries", "jinja-deep-parens"),
    ("libraries", "lib-alias-bomb"),
]


@pytest.mark.parametrize(("kind", "name"), FRESH, ids=[name for _, name in FRESH])
def test_in_a_fresh_interpreter_with_little_memory(
    kind: str, name: str, tmp_path: Path, answers_file: Path
) -> None:
    if kind == "answers":
        case = HOSTILE / "answers" / f"{name}.yaml"
        shutil.copyfile(case, tmp_path / case.name)
        expect, args = answers_expect(case), ["build", case.name]
        start = f"{case.name}: {expect.rest}"
    else:
        shutil.copytree(HOSTILE / "libraries" / name, tmp_path / "lib")
        expect = library_expect(HOSTILE / "libraries" / name)
        args, start = ["build", answers_file.name, "-L", "lib"], f"lib/{expect.rest}"
    run = run_guarded([*args, "-f", "md,html", "-o", "out"], cwd=tmp_path, memory_mib=256)
    assert_run_error(run, start, tmp_path)
    assert strays(run.opened, allowed_roots(tmp_path)) == []


@pytest.mark.pdf
def test_fresh_interpreter_builds_hostile_text_as_pdf_within_limits(tmp_path: Path) -> None:
    shutil.copyfile(HOSTILE / "answers" / "injection-literal.yaml", tmp_path / "policy.yaml")
    run = run_guarded(
        ["build", "policy.yaml", "-f", "md,html,pdf", "-o", "out"], cwd=tmp_path, memory_mib=1024
    )
    assert run.code == 0, run.stderr
    assert run.network == []
    # WeasyPrint writes font subsets to the temporary folder and Python reads its MIME table.
    extra = (Path(tempfile.gettempdir()), Path("/etc/mime.types"), Path("/dev/null"))
    assert strays(run.opened, allowed_roots(tmp_path, *extra), deny=(Path("/etc/passwd"),)) == []
    assert (tmp_path / "out" / "policy.pdf").read_bytes().startswith(b"%PDF-")


def test_a_file_name_cannot_drive_the_terminal(
    cli: Any, tmp_path: Path, answers_file: Path
) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "\x1b[2J\x1b[31mred.yaml").write_text("id: x\n", encoding="utf-8")
    outcome = cli("build", answers_file.name, "-f", "md", "-o", "out", "-L", "lib")
    assert_error(outcome, "lib/\\x1b[2J\\x1b[31mred.yaml: a topic file name", tmp=tmp_path)
    assert "\x1b" not in outcome.result.stderr


def test_pure_python_loader_refuses_escaped_surrogates_too(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libyaml refuses "\ud800" itself; without libyaml the check after loading does.
    monkeypatch.setattr("policygen.safe_yaml._CLoader", None)
    shutil.copyfile(HOSTILE / "answers" / "surrogate.yaml", tmp_path / "surrogate.yaml")
    outcome = cli("build", "surrogate.yaml", "-f", "md", "-o", "out")
    assert_error(
        outcome,
        "surrogate.yaml: history[0].summary: text holds an unpaired surrogate (U+D800)",
        tmp=tmp_path,
    )
