"""A compiled Oxigraph store of the project, rebuilt only when its sources change.

A compiled folder ``<cache>/store-<digest>`` holds two Oxigraph stores:

- ``curated``: the curated graph (ontology, data, references) in the default graph. Turtle
  streams straight from the source files into Oxigraph; nothing passes through rdflib except
  the references from ``references.bib``.
- ``store``: the same plus the rules' derived statements in the named graph
  ``INFERRED_GRAPH``. It is made on first need (``--inferred``, ``kg serve``) from a
  hard-linked checkpoint of ``curated``, so plain queries never wait for the rules.

The digest is a SHA-256 over every source file (path and bytes: ontology and shapes,
``graph_data/`` Turtle and BibTeX, ``queries/rules/*.rq``) and the package version, so a store
is never served for sources it was not built from. Each store is built in a temporary folder
and renamed into place in one step; of the older compiled folders only the previous one is
kept (a running ``kg serve`` may be reading it). The cache folder is ``$KG_CACHE`` if set,
else ``.kg-cache/`` in the project.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.paths import layout

__all__ = [
    "LINKER_INDEX",
    "StoreUnavailable",
    "build_store",
    "compile_store",
    "digest",
    "open_store",
    "source_files",
    "store_path",
]

_PREFIX = "store-"


class StoreUnavailable(InputError):
    """The compiled store cannot be written or opened here (a read-only checkout, a full disk)."""


def source_files(root: Path | str | None = None) -> list[Path]:
    """The files a store is built from, in a fixed order (shapes too: they are sources).

    Example:
        >>> [p.name for p in source_files() if p.suffix == ".bib"]
        ['references.bib']
    """
    lay = layout(root)
    files = [
        *lay.ontology_files(),
        *lay.shapes_files(),
        *lay.data_files(),
        *lay.bib_files(),
        *(lay.queries / "rules").glob("*.rq"),
    ]
    return sorted({p for p in files if p.is_file()})


def digest(root: Path | str | None = None) -> str:
    """SHA-256 of the sources (relative paths and contents) and the package version.

    Example:
        >>> len(digest())
        64
    """
    from kg import __version__

    lay = layout(root)
    h = hashlib.sha256(f"kg {__version__}\n".encode())
    for path in source_files(root):
        h.update(str(path.relative_to(lay.root)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _cache(root: Path | str | None) -> Path:
    configured = os.environ.get("KG_CACHE")
    return Path(configured) if configured else layout(root).root / ".kg-cache"


def store_path(root: Path | str | None = None) -> Path:
    """Where the store for the current sources lives (it may not exist yet)."""
    return _cache(root) / f"{_PREFIX}{digest(root)[:24]}"


# What the strict loader (kg.load.parse_turtle) refuses and Oxigraph keeps: control
# characters (raw or escaped), lone surrogates, and typed literals whose lexical form does not
# fit the datatype. A file where any may be is read by the strict loader first (file, line).
_CONTROL = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]"
    rb"|\\u00[01][0-9a-fA-F]|\\u007[fF]|\\u00[89][0-9a-fA-F]|\\u[dD][89a-fA-F]"
    rb"|\\U0000[dD][89a-fA-F]|\\U000000"
)
_TYPED = re.compile(rb'"((?:[^"\\\n]|\\.)*)"\^\^xsd:([A-Za-z]+)(?=[\s;,.)\]])')
_LEXICAL = {
    b"integer": re.compile(rb"[+-]?[0-9]{1,4300}"),
    b"decimal": re.compile(rb"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"),
    b"double": re.compile(
        rb"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|INF)|NaN"
    ),
    b"boolean": re.compile(rb"true|false|1|0"),
    b"string": re.compile(rb".*", re.DOTALL),
    b"anyURI": re.compile(rb"[^\s<>\"{}|\\^`]*"),
}
_LEXICAL[b"float"] = _LEXICAL[b"double"]


def _may_be_refused(data: bytes) -> bool:
    """Whether the strict loader could refuse this Turtle text (a cheap over-estimate)."""
    if _CONTROL.search(data):
        return True
    typed = _TYPED.findall(data)
    if len(typed) != data.count(b"^^"):  # another form: let the strict loader judge
        return True
    return any(kind not in _LEXICAL or not _LEXICAL[kind].fullmatch(lex) for lex, kind in typed)


def _load_turtle(store: Any, path: Path, *, root: Path) -> None:
    """Stream one Turtle file into ``store``; a bad file fails with its name and line.

    The store refuses what ``kg validate`` (the strict rdflib loader) refuses: a file that
    may hold such a term is read by the strict loader first.
    """
    import pyoxigraph as ox

    try:
        suspicious = _may_be_refused(path.read_bytes())
    except OSError as exc:
        shown = path.relative_to(root)
        raise InputError(f"cannot read file ({exc.strerror})", path=shown) from None
    if suspicious:
        from kg.load import parse_turtle

        parse_turtle(path, root=root)
    try:
        store.bulk_load(
            path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
        )
    except (SyntaxError, ValueError, OSError) as exc:
        from kg.load import parse_turtle

        parse_turtle(path, root=root)  # the strict loader's message, if it refuses the file too
        line = getattr(exc, "lineno", None)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"cannot parse Turtle: {first}", path=path.relative_to(root), line=line
        ) from None


def build_store(folder: Path | str, root: Path | str | None = None) -> Any:
    """Build the curated store of the sources at ``root`` in ``folder`` (new and empty).

    Turtle streams straight into Oxigraph (no rdflib graph of the whole project is built);
    the references come from :mod:`kg.bib`. Returns the open, writable store.

    Raises:
        InputError: for a source that does not load (the message names file and line).
    """
    import pyoxigraph as ox

    from kg.bib import entries_to_graph, parse_bibtex
    from kg.load import refuse_other_formats

    lay = layout(root)
    if not lay.ontology.is_dir() or not lay.data.is_dir():
        raise InputError(
            "no ontology/ or graph_data/ folder here (use --root or KG_ROOT)", path=lay.root
        )
    refuse_other_formats(lay)
    store = ox.Store(str(folder))
    turtle = [*lay.ontology_files(), *lay.data_files()]
    for path in turtle:
        _load_turtle(store, path, root=lay.root)
    for bib in lay.bib_files():
        shown = str(bib.relative_to(lay.root))
        refs = entries_to_graph(parse_bibtex(bib, shown=shown))
        store.bulk_load(refs.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    store.flush()
    _write_linker(store, Path(folder).parent / LINKER_INDEX)
    return store


#: The entity linker's index, next to the curated store (``kg ask`` reads it at start-up).
LINKER_INDEX = "linker.json"


def _write_linker(store: Any, path: Path) -> None:
    import json

    from kg.link import Linker
    from kg.storegraph import StoreGraph

    data = Linker(StoreGraph(store)).to_data()
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _publish(build: Any, folder: Path, name: str) -> None:
    """Run ``build(where)`` in a temporary folder, then rename the result to ``folder/name``.

    The first layer renames the whole temporary folder into ``folder``, so a failed build
    leaves no compiled folder behind.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
        building.chmod(0o755)  # mkdtemp makes it private; the store is not a secret
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StoreUnavailable(
            f"cannot write the compiled store ({reason})", path=folder.parent
        ) from None
    try:
        store = build(building / name)
        store.flush()
        del store
        try:
            if folder.is_dir():
                os.replace(building / name, folder / name)
            else:
                os.replace(building, folder)
        except OSError:
            if not (folder / name).is_dir():  # not a lost race with another process
                raise
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StoreUnavailable(f"cannot write the compiled store ({reason})", path=folder) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _with_inferred(curated: Path, root: Path | str | None) -> Any:
    """A builder: copy ``curated`` (a hard-linked checkpoint) and add the rules' output."""
    import pyoxigraph as ox

    from kg.rules import infer_store

    def build(folder: Path) -> Any:
        ox.Store.read_only(str(curated)).backup(str(folder))
        store = ox.Store(str(folder))
        infer_store(store, root=root)
        return store

    return build


def compile_store(root: Path | str | None = None, *, inferred: bool = True) -> Path:
    """Build the stores for the current sources unless they exist; return their folder.

    ``folder / "curated"`` always exists afterwards; ``folder / "store"`` (curated plus
    derived) too unless ``inferred=False``.

    Raises:
        InputError: for a source that does not load (the message names file and line).
        StoreUnavailable: if the cache folder cannot be written.

    Example:
        >>> (compile_store(inferred=False) / "curated").is_dir()
        True
    """
    folder = store_path(root)
    curated = folder / "curated"
    if not curated.is_dir():
        _publish(lambda where: build_store(where, root), folder, "curated")
        # keep the previous compiled folder too: a running `kg serve` may still be reading it
        older = sorted(
            (p for p in folder.parent.glob(f"{_PREFIX}*") if p != folder),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in older[1:]:
            shutil.rmtree(old, ignore_errors=True)
    if inferred and not (folder / "store").is_dir():
        _publish(_with_inferred(curated, root), folder, "store")
    return folder


def open_store(root: Path | str | None = None, *, inferred: bool = True) -> Any:
    """The store for the current sources, read-only, compiling it first if needed.

    With ``inferred=False`` the curated store, which never waits for the rules; otherwise
    the store that also holds the derived statements (in ``INFERRED_GRAPH``).

    Example:
        >>> len(open_store()) > 10_000
        True
    """
    import pyoxigraph as ox

    path = compile_store(root, inferred=inferred) / ("store" if inferred else "curated")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreUnavailable(f"cannot open the compiled store ({exc})", path=path) from None
