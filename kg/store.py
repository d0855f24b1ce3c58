"""A compiled Oxigraph store of the project, rebuilt only when its sources change.

The store holds the curated graph (ontology, data, references) in the default graph and the
rules' derived statements in the named graph ``INFERRED_GRAPH``. It lives in
``<cache>/store-<digest>``, where the digest is a SHA-256 over every source file (path and
bytes: ``ontology/*.ttl``, ``graph_data/*.ttl``, ``graph_data/*.bib``, ``queries/rules/*.rq``)
and the package version, so a store is never served for sources it was not built from. A new
store is built in a temporary folder next to it and renamed into place in one step; of the
older stores only the previous one is kept (a running ``kg serve`` may be reading it). The
cache folder is ``$KG_CACHE`` if set, else ``.kg-cache/`` in the project.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.paths import layout

__all__ = [
    "StoreUnavailable",
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
    """The files a store is built from, in a fixed order."""
    lay = layout(root)
    patterns = [
        (lay.root / "ontology", "*.ttl"),
        (lay.root / "graph_data", "*.ttl"),
        (lay.root / "graph_data", "*.bib"),
        (lay.queries / "rules", "*.rq"),
    ]
    return sorted(p for folder, pattern in patterns for p in folder.glob(pattern) if p.is_file())


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


def compile_store(root: Path | str | None = None) -> Path:
    """Build the store for the current sources unless it exists; return its folder.

    Raises:
        InputError: for a source that does not load (the loader names file and line).
    """
    import pyoxigraph as ox

    from kg.load import load_graph
    from kg.namespaces import INFERRED_GRAPH
    from kg.rules import infer

    target = store_path(root)
    if target.is_dir():
        return target
    graph = load_graph(root)
    derived = infer(graph, root=root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StoreUnavailable(
            f"cannot write the compiled store ({reason})", path=target.parent
        ) from None
    try:
        store = ox.Store(str(building / "store"))
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        store.bulk_load(
            derived.serialize(format="nt", encoding="utf-8"),
            ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(INFERRED_GRAPH),
        )
        store.flush()
        del store
        try:
            os.replace(building, target)
        except OSError:
            if not target.is_dir():  # not a lost race with another process: a real failure
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    # keep the previous store too: a running `kg serve` may still be reading it
    older = sorted(
        (p for p in target.parent.glob(f"{_PREFIX}*") if p != target),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in older[1:]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def open_store(root: Path | str | None = None) -> Any:
    """The store for the current sources, read-only, compiling it first if needed.

    Example:
        >>> len(open_store()) > 10_000
        True
    """
    import pyoxigraph as ox

    path = compile_store(root)
    try:
        return ox.Store.read_only(str(path / "store"))
    except OSError as exc:
        raise StoreUnavailable(f"cannot open the compiled store ({exc})", path=path) from None
