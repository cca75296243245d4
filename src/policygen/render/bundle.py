"""Build the requested editions of one answers file in the requested formats, then write them.

Everything is rendered before anything is written, so a failure in the last edition leaves
no half-built set behind. File names: the policy keeps ``<stem>.<fmt>``; other editions add
their name (``<stem>-summary.pdf``), and a handout in another language adds it too
(``<stem>-client-es.pdf``). ``build_file`` does it all for one answers file: read, assemble,
refuse a draft, or example answers, when a final version is asked for, render, write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from policygen.document.edition_names import EDITIONS, LANGUAGES, TRANSLATED
from policygen.errors import RenderError

if TYPE_CHECKING:
    from policygen.answers.file import Answers
    from policygen.answers.roster import Signer
    from policygen.document.assemble import Policy
    from policygen.document.coverage import CoverageReport
    from policygen.library.loader import Library


# The U.S. spelling of the document's title is accepted for the edition's name too.
ALIASES: Final = {"acknowledgment": "acknowledgement"}


def parse_editions(specs: Iterable[str]) -> tuple[str, ...]:
    """``["summary,client", "posted"]`` → names in the order given; ``all`` means every one."""
    names: list[str] = []
    for spec in specs:
        for part in spec.split(","):
            name = part.strip().lower()
            if not name:
                continue
            name = ALIASES.get(name, name)
            if name == "all":
                names += EDITIONS
            elif name in EDITIONS:
                names.append(name)
            else:
                raise RenderError(
                    f"unknown edition {name!r} (choose from {', '.join(EDITIONS)}, or all)",
                    field="--edition",
                )
    if not names:
        raise RenderError("name at least one edition", field="--edition")
    return tuple(dict.fromkeys(names))


def parse_languages(spec: str) -> tuple[str, ...]:
    """``"en,es"`` → ``("en", "es")``; an unknown language is a usage error."""
    langs = tuple(dict.fromkeys(part.strip().lower() for part in spec.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise RenderError(
            f"unknown language {', '.join(unknown) or spec!r} (choose from {', '.join(LANGUAGES)})",
            field="--lang",
        )
    return langs


def plan(names: Sequence[str], langs: Sequence[str]) -> list[tuple[str, str]]:
    """(edition, language) pairs to build: translated editions in every language asked for."""
    pairs: list[tuple[str, str]] = []
    for name in names:
        if name in TRANSLATED:
            pairs += [(name, lang) for lang in langs]
        elif "en" in langs or any(n in TRANSLATED for n in names):
            pairs.append((name, "en"))
        else:
            raise RenderError(
                f"the {name} edition is written in English only; "
                f"{', '.join(sorted(TRANSLATED))} can be built in {', '.join(langs)}",
                field="--lang",
            )
    return pairs


def file_stem(stem: str, name: str, lang: str) -> str:
    """``policy`` → ``policy``, ``policy-summary``, ``policy-client-es``."""
    if name == "policy":
        return stem
    return f"{stem}-{name}" if lang == "en" else f"{stem}-{name}-{lang}"


def build_file(
    file: Path,
    outdir: Path,
    library: Library,
    formats: Sequence[str],
    *,
    names: Sequence[str],
    langs: Sequence[str],
    signers: Sequence[Signer] = (),
    final: bool = False,
    rendering: Callable[[], None] = lambda: None,
    answers: Answers | None = None,
) -> list[Path]:
    """One answers file's editions, rendered in full, then written; nothing half-written.

    ``rendering`` is called once the input is known to be good, before the slow part (the
    command says it is typesetting a PDF). With ``final``, example answers still to replace are
    refused (``AnswersError``), and so is a draft (``DraftRefused``). ``answers`` is the file
    as the caller read it already; without it the file is read here.
    """
    from policygen.answers.file import read_answers
    from policygen.document.assemble import assemble
    from policygen.errors import AnswersError
    from policygen.render.outputs import write_files

    if answers is None:
        answers = read_answers(file)
    policy = assemble(library, answers, file)
    if final:
        _refuse_examples(library, answers, file)
    if final and policy.draft:
        _refuse_draft(policy, file)
    rendering()
    try:
        rendered = render_bundle(
            policy,
            library,
            answers,
            names=names,
            langs=langs,
            formats=formats,
            outdir=outdir,
            stem=file.stem,
            signers=signers,
        )
    except AnswersError as err:  # the logo, read only now: name the file that names it
        err.path = err.path or file
        raise
    return write_files(rendered)


def _refuse_examples(library: Library, answers: Answers, file: Path) -> None:
    """A final version is for distribution: no example name, state or stand-in contact in it."""
    from policygen.errors import AnswersError
    from policygen.invocation import command

    left = [
        spec
        for spec in library.profile
        if spec.holds_example(answers.group(spec.group).get(spec.id))
    ]
    if not left:
        return
    first = left[0]
    more = f"; {len(left) - 1} more: {command('check', file)} lists them" if left[1:] else ""
    raise AnswersError(
        f"{first.default!r} is an example; replace it before a final build (edit the file, or "
        f"{command('interview', file, '--resume')}){more}",
        path=file,
        field=f"{first.group}.{first.id}",
    )


def _refuse_draft(policy: Policy, file: Path) -> None:
    from policygen.errors import DraftRefused
    from policygen.invocation import command

    why = (
        f"the answers changed since version {policy.changed_since} was approved; run "
        f"{command('release', file)}, then {command('approve', file)} after the approval"
        if policy.changed_since
        else f"no approval recorded; after the approval, run {command('approve', file)}"
    )
    raise DraftRefused(f"version {policy.version} is a draft ({why})", path=file, field="--final")


def render_bundle(
    policy: Policy,
    library: Library,
    answers: Answers,
    *,
    names: Sequence[str],
    langs: Sequence[str],
    formats: Sequence[str],
    outdir: Path,
    stem: str,
    signers: Sequence[Signer] = (),
) -> list[tuple[Path, bytes]]:
    """Every requested edition and format as (path, bytes); nothing is written.

    The editions' model is imported only when an edition other than the policy is asked for.
    """
    from policygen.render.outputs import render_all

    rendered: list[tuple[Path, bytes]] = []
    for name, lang in plan(names, langs):
        if name == "policy":
            outputs = render_all(policy, formats)
        else:
            from policygen.document.editions import build_edition
            from policygen.render.editions import render_edition_all

            coverage = _coverage(library, answers, policy) if name == "annotated" else None
            ed = build_edition(
                name, policy, library, answers, lang=lang, signers=signers, coverage=coverage
            )
            outputs = render_edition_all(ed, formats)
        base = file_stem(stem, name, lang)
        rendered += [(outdir / f"{base}.{fmt}", data) for fmt, data in outputs.items()]
    return rendered


def _coverage(library: Library, answers: Answers, policy: Policy) -> CoverageReport | None:
    """The standards appendix, or None for a library without ``standards.yaml``."""
    from policygen.document.coverage import coverage
    from policygen.library.folders import present

    if not present(library.folders[0] / "standards.yaml"):
        return None
    return coverage(library, answers, policy)
