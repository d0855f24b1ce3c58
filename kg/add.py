"""Add a paper's facts to ``graph_data/`` without ever leaving it half-written.

A paper is a BibTeX file (its references) and a Turtle file (its facts, in the authoring
format of ``docs/curation-guide.md``). :func:`add` parses both strictly, refuses citation
keys and facts the graph already holds, merges them into a copy of the graph in memory,
validates the copy (shapes, checks) and runs the rules on it, and only then writes.

The paper lands in a folder of its own, ``graph_data/papers/<name>/`` with ``facts.ttl`` and
``references.bib``, written in canonical form (same graph, same bytes). The folder is built
beside the project, each file synced and read back, and then renamed into place: one atomic
step, so ``graph_data/`` is either untouched or fully updated, whatever stops the process.
A lock on the project folder keeps two ``kg add`` from running at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from kg.bib import BibEntry, entries_to_graph, parse_bibtex
from kg.errors import InputError, UsageError
from kg.load import LoadedGraph, load, parse_turtle
from kg.namespaces import RDF, bind_prefixes
from kg.paths import Layout, layout
from kg.validate import ValidationReport, validate

__all__ = ["AddResult", "add", "canonical_bibtex", "canonical_turtle"]

#: Where added papers go, inside ``graph_data/``.
PAPERS = "papers"
#: Prefix of the folders a paper is built in before it is renamed into place.
BUILDING = ".kg-add-"
#: Test hook: the name of a step at which the process kills itself (see ``_step``).
FAULT_ENV = "KG_TEST_FAULT"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}$")


@dataclass(frozen=True)
class AddResult:
    """What :func:`add` did, or would do with ``dry_run``.

    Attributes:
        folder: the paper's folder, relative to the project root.
        files: each file written (relative path) and its bytes.
        references: the new citation keys.
        facts: the number of new statements.
        report: the validation of the graph with the paper added.
        derived: the number of statements the rules derive from that graph.
        written: whether the files were written (False for a dry run or a failed check).
    """

    folder: str
    files: dict[str, bytes]
    references: tuple[str, ...]
    facts: int
    report: ValidationReport
    derived: int
    written: bool

    def text(self) -> str:
        """A short account for the terminal."""
        verb = "added" if self.written else "would add"
        if not self.report.conforms:
            verb = "refused"
        lines = [
            f"{verb} {self.folder}/: {len(self.references)} reference(s) "
            f"({', '.join(self.references) or 'none'}), {self.facts} statement(s)"
        ]
        lines += [f"  {name} ({len(data)} bytes)" for name, data in self.files.items()]
        lines.append(
            f"  validation: {len(self.report.violations)} violation(s), "
            f"{len(self.report.warnings)} warning(s); rules derive {self.derived} statement(s)"
        )
        if not self.report.conforms:
            lines.append(self.report.text())
        return "\n".join(lines)


def canonical_turtle(graph: Graph) -> bytes:
    """``graph`` as Turtle in a stable form: the same statements give the same bytes.

    Example:
        >>> g = Graph().parse(data="<urn:b> <urn:p> 2 . <urn:a> <urn:p> 1 .", format="turtle")
        >>> canonical_turtle(g) == canonical_turtle(Graph().parse(data=canonical_turtle(g)))
        True
    """
    from kg.dump import exact_doubles

    target = bind_prefixes(Graph())
    target += graph
    try:
        with exact_doubles():
            return target.serialize(format="longturtle", encoding="utf-8")
    except Exception as exc:  # rdflib cannot write some terms (an IRI with a space)
        raise InputError(f"cannot write the facts as Turtle: {exc}".splitlines()[0]) from None


def canonical_bibtex(entries: list[BibEntry]) -> bytes:
    r"""The entries as BibTeX in a stable form: sorted by key, fields sorted by name.

    Example:
        >>> canonical_bibtex([BibEntry("K", "article", {"year": "2020", "author": "A"})])
        b'@article{K,\n  author = {A},\n  year = {2020},\n}\n'
    """
    blocks = []
    for entry in sorted(entries, key=lambda e: e.key):
        fields = "".join(f"  {k} = {{{v}}},\n" for k, v in sorted(entry.fields.items()))
        blocks.append(f"@{entry.entry_type}{{{entry.key},\n{fields}}}\n")
    return "\n".join(blocks).encode("utf-8")


def _step(name: str) -> None:
    """A point in the write sequence; the fault test stops the process at each one."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the project's add lock: a ``flock`` on the project folder itself.

    Nothing is created for it, and the system releases it if the process dies.
    """
    import fcntl

    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise InputError(f"cannot open the project folder ({exc.strerror})", path=root) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"another 'kg add' is running on this project ({root}); try again later"
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _split(paths: list[Path]) -> tuple[Path | None, Path]:
    bibs = [p for p in paths if p.suffix.lower() == ".bib"]
    facts = [p for p in paths if p.suffix.lower() == ".ttl"]
    other = [p for p in paths if p not in bibs and p not in facts]
    if other:
        raise UsageError(
            f"{other[0]}: only a Turtle facts file (.ttl) and a BibTeX file (.bib) can be added"
        )
    if len(facts) != 1 or len(bibs) > 1:
        raise UsageError("give one facts file (.ttl) and at most one BibTeX file (.bib)")
    return (bibs[0] if bibs else None), facts[0]


def _existing_keys(lay: Layout) -> dict[str, str]:
    keys: dict[str, str] = {}
    for path in lay.bib_files():
        shown = path.relative_to(lay.root).as_posix()
        for entry in parse_bibtex(path, shown=shown):
            keys.setdefault(entry.key, shown)
    return keys


def _check_new(delta: Graph, loaded: LoadedGraph, facts_name: str) -> None:
    """Refuse statements the graph already holds and subjects it already defines."""
    graph = loaded.graph

    def show(term: Node) -> str:
        if isinstance(term, URIRef | Literal):
            return term.n3(graph.namespace_manager)
        return str(term)

    for s, p, o in sorted(delta, key=lambda t: tuple(map(str, t))):
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if (s, p, o) in graph:
            where = loaded.origin(s) or "the graph"
            raise InputError(
                f"the graph already holds {show(s)} {show(p)} {show(o)} (in {where}); "
                "remove the duplicate fact",
                path=facts_name,
            )
    for subject in sorted(set(delta.subjects(RDF.type)), key=str):
        if isinstance(subject, URIRef) and (subject, RDF.type, None) in graph:
            where = loaded.origin(subject) or "the graph"
            raise InputError(
                f"{show(subject)} is already defined in {where}; a new paper adds new nodes "
                "(link to the existing one instead of defining it again)",
                path=facts_name,
            )


def _place(folder: Path, files: dict[str, bytes], lay: Layout) -> None:
    """Build the paper's folder beside the project, then rename it into ``graph_data``."""
    building = Path(tempfile.mkdtemp(prefix=BUILDING, dir=lay.root))
    try:
        staged = building / folder.name
        staged.mkdir()
        for name, data in files.items():
            _write_synced(staged / name, data)
            _step(f"wrote-{name}")
        _fsync_dir(staged)
        # read back what is on disk: it must be what was validated
        back = parse_turtle(staged / "facts.ttl", root=lay.root)
        if canonical_turtle(back) != files["facts.ttl"]:
            raise InputError("the written facts do not read back the same", path=staged)
        if "references.bib" in files:
            parse_bibtex(staged / "references.bib")
        _step("before-rename")
        folder.parent.mkdir(parents=True, exist_ok=True)
        if folder.exists():
            raise UsageError(f"{folder} exists: this paper was added already")
        os.rename(staged, folder)  # the one step that changes graph_data
        _step("after-rename")
        _fsync_dir(folder.parent)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def add(
    paths: list[Path | str],
    *,
    root: Path | str | None = None,
    name: str | None = None,
    dry_run: bool = False,
) -> AddResult:
    """Add a paper (a facts file and, optionally, its BibTeX file) to the project.

    Args:
        paths: the facts file (``.ttl``) and the BibTeX file (``.bib``), in any order.
        root: the project (default: this checkout).
        name: the paper's folder under ``graph_data/papers/`` (default: the first new
            citation key, else the facts file's stem).
        dry_run: validate and report, write nothing.

    Returns:
        An :class:`AddResult`; ``written`` is False when the graph with the paper does not
        conform (nothing is written then) or for a dry run.

    Raises:
        InputError: a file that does not parse (file and line named), a citation key or a
            fact the graph already holds.
        UsageError: wrong files, a bad name, a paper already added, another add running.

    Example:
        >>> import tempfile, pathlib
        >>> paper = pathlib.Path(tempfile.mkdtemp()) / "empty.ttl"
        >>> _ = paper.write_text("")
        >>> add([paper], dry_run=True).written
        False
    """
    lay = layout(root)
    bib, facts = _split([Path(p) for p in paths])
    with contextlib.ExitStack() as stack:
        if not dry_run:
            stack.enter_context(_locked(lay.root))
            _step("locked")
            for stale in lay.root.glob(BUILDING + "*"):  # left by an add that was killed
                shutil.rmtree(stale, ignore_errors=True)
        return _add_locked(lay, bib, facts, name=name, dry_run=dry_run)


def _add_locked(
    lay: Layout, bib: Path | None, facts: Path, *, name: str | None, dry_run: bool
) -> AddResult:
    entries = parse_bibtex(bib, shown=str(bib)) if bib is not None else []
    delta = parse_turtle(facts, root=None)
    existing = _existing_keys(lay)
    for entry in entries:
        if entry.key in existing:
            raise InputError(
                f"citation key '{entry.key}' is already in {existing[entry.key]}",
                path=bib,
                line=entry.line,
            )
    folder_name = name or (sorted(e.key for e in entries)[0] if entries else facts.stem)
    if not _NAME.match(folder_name):
        raise UsageError(
            f"'{folder_name}' cannot name a folder: use letters, digits and . _ + - (--name)"
        )
    folder = lay.data / PAPERS / folder_name
    if folder.exists():
        raise UsageError(f"{folder} exists: this paper was added already")
    files = {"facts.ttl": canonical_turtle(delta)}
    if entries:
        files["references.bib"] = canonical_bibtex(entries)
    shown_folder = folder.relative_to(lay.root).as_posix()
    loaded = load(lay.root)
    _check_new(delta, loaded, str(facts))
    merged = bind_prefixes(Graph())
    merged += loaded.graph
    merged += delta
    merged += entries_to_graph(entries)
    origins = dict(loaded.origins)
    for subject in delta.subjects(unique=True):
        if isinstance(subject, URIRef | BNode):
            origins.setdefault(subject, f"{shown_folder}/facts.ttl")
    staged = LoadedGraph(graph=merged, origins=origins, files=loaded.files, root=lay.root)
    report = validate(staged)
    from kg.rules import infer

    derived = len(infer(merged, root=lay.root))
    written = False
    if report.conforms and not dry_run:
        _place(folder, files, lay)
        written = True
    return AddResult(
        folder=shown_folder,
        files={f"{shown_folder}/{k}": v for k, v in files.items()},
        references=tuple(sorted(e.key for e in entries)),
        facts=len(delta),
        report=report,
        derived=derived,
        written=written,
    )
