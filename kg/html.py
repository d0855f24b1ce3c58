"""Render a networkx view of the graph as one self-contained, interactive HTML page.

The page draws the graph with Cytoscape.js (vendored in ``kg/vendor/``, inlined into the page)
and needs no network at all: the library, the data (as JSON), the styles and the script are all
in the file, and a Content-Security-Policy forbids every fetch. Nodes are coloured by ``kind``
with a legend; clicking a node or an edge shows its attributes and citations in a side panel;
a search box highlights the nodes whose label (or formula, synonym, key) contains the text.

The layout is deterministic: concentric rings around the focus node (or the best-connected
node) give the starting positions, then Cytoscape's ``cose`` force layout refines them with a
seeded random source. Element ids are the node keys (``nad:Na3SbS4``) and, for edges,
``source|target|key``. For tests, the page sets ``window.kgGraph`` (the Cytoscape instance) and
``window.kgReady = true`` once the layout is done.
"""

from __future__ import annotations

import html
import json
import math
import re
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from kg.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KIND_COLOURS", "OFFLINE_CHROMIUM_FLAGS", "render_html"]

#: Headless Chromium flags that open a page with no network and no first-run chores; shared
#: by the browser tests and ``docs/make-screenshots.py``.
OFFLINE_CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
)

#: Fill colour of each node kind (see :data:`kg.network.KINDS`); other kinds get a spare colour.
KIND_COLOURS: dict[str, str] = {
    "electrolyte": "#1f77b4",
    "family": "#9ecae9",
    "phase": "#ff7f0e",
    "metal": "#6b6b6b",
    "interlayer": "#bcbd22",
    "material": "#ffbb78",
    "interface": "#17becf",
    "observation": "#9edae5",
    "stability limit": "#dbdb8d",
    "measurement": "#e7e7e7",
    "finding": "#9467bd",
    "remedy": "#2ca02c",
    "remedy kind": "#98df8a",
    "substitution": "#c5b0d5",
    "problem": "#d62728",
    "interphase type": "#e377c2",
    "method": "#8c564b",
    "property kind": "#c49c94",
    "element": "#f7b6d2",
    "reference": "#c7c7c7",
    "inference": "#ff9896",
    "rule": "#7b4173",
    "other": "#ffffff",
}

#: Colours for kinds not listed above, handed out in the order the kinds are first met.
_SPARE_COLOURS = ("#393b79", "#637939", "#8c6d31", "#843c39", "#5254a3", "#8ca252", "#bd9e39")

#: Only inline scripts and styles; no fetch, image, font or frame from anywhere.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _vendor(name: str) -> str:
    return (files("kg") / "vendor" / name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot end the ``<script>`` element it is placed in."""
    return re.sub(r"</(?=script)", r"<\\/", text, flags=re.IGNORECASE)


def _json_for_script(data: Any) -> str:
    """JSON whose ``<``, ``>`` and ``&`` are escaped, so no label can close the script tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _plain(value: Any) -> Any:
    """A JSON-safe attribute value: strings, finite numbers and booleans as they are."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def _colours(kinds: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    spare = 0
    for kind in kinds:
        if kind in KIND_COLOURS:
            out[kind] = KIND_COLOURS[kind]
        else:
            out[kind] = _SPARE_COLOURS[spare % len(_SPARE_COLOURS)]
            spare += 1
    return out


def _page_data(g: nx.MultiDiGraph, *, title: str, focus: str | None) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        kind = str(d.get("kind") or "other")
        counts[kind] = counts.get(kind, 0) + 1
    kinds = sorted(counts)
    colours = _colours(kinds)
    nodes = []
    for key, d in g.nodes(data=True):
        kind = str(d.get("kind") or "other")
        attrs = {str(k): _plain(v) for k, v in d.items()}
        nodes.append(
            {
                "data": {
                    "id": str(key),
                    "label": str(d.get("label") or key),
                    "kind": kind,
                    "color": colours[kind],
                    "attrs": attrs,
                },
                "classes": "focus" if key == focus else "",
            }
        )
    edges = []
    for u, v, k, d in g.edges(keys=True, data=True):
        edges.append(
            {
                "data": {
                    "id": f"{u}|{v}|{k}",
                    "source": str(u),
                    "target": str(v),
                    "key": str(k),
                    "label": str(d.get("label") or d.get("predicate") or k),
                    "attrs": {str(a): _plain(b) for a, b in d.items()},
                }
            }
        )
    return {
        "title": title,
        "focus": focus,
        "kinds": [{"kind": k, "color": colours[k], "count": counts[k]} for k in kinds],
        "nodes": nodes,
        "edges": edges,
    }


def _legend(kinds: list[dict[str, Any]]) -> str:
    items = []
    for entry in kinds:
        kind = html.escape(entry["kind"])
        items.append(
            f'<li data-kind="{kind}" title="highlight every {kind} node">'
            f'<span class="swatch" style="background:{entry["color"]}"></span>'
            f'{kind} <span class="count">{entry["count"]}</span></li>'
        )
    return "\n".join(items)


def render_html(g: nx.MultiDiGraph, *, title: str, focus: str | None = None) -> str:
    """One self-contained HTML page drawing ``g`` interactively (works with no network).

    Args:
        g: a graph as made by :func:`kg.network.to_networkx` (or a subgraph of it): node
            attributes ``label``, ``kind``, ``type``, ``iri``, ``citations`` and any others;
            edge attributes ``predicate``, ``label``, ``citations``.
        title: the page title, shown in its header.
        focus: the key of a node to highlight and to centre the layout on.

    Returns:
        The page, as text (write it with ``encoding="utf-8"``).

    Raises:
        UsageError: if ``focus`` is not a node of ``g``.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("nad:Na3SbS4", label="Na3SbS4", kind="electrolyte",
        ...            citations="[183] Wang2016-183")
        >>> page = render_html(g, title="Na3SbS4", focus="nad:Na3SbS4")
        >>> page.startswith("<!DOCTYPE html>"), "Wang2016-183" in page, "cytoscape" in page
        (True, True, True)
    """
    if focus is not None and focus not in g:
        raise UsageError(f"the focus node '{focus}' is not in the graph")
    data = _page_data(g, title=title, focus=focus)
    heading = html.escape(title)
    status = f"{g.number_of_nodes()} nodes · {g.number_of_edges()} edges"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="naif-kg (kg.html)">',
            f"<title>{heading}</title>",
            f"<style>\n{_CSS}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{heading}</h1>",
            '<input id="search" type="search" placeholder="Search labels, formulas…"'
            ' aria-label="Search node labels" autocomplete="off">',
            '<span id="matches" aria-live="polite"></span>',
            '<button id="fit" type="button" title="Show the whole graph">Fit</button>',
            f'<span id="status">{status}</span>',
            "</header>",
            "<main>",
            '<div id="stage">',
            '<div id="cy" aria-label="graph drawing"></div>',
            '<section id="legend" aria-label="legend"><h2>Kinds</h2><ul>',
            _legend(data["kinds"]),
            "</ul></section>",
            "</div>",
            '<aside id="panel">',
            '<div id="details"><p class="hint">Click a node or an edge to see its'
            " attributes and citations.</p></div>",
            '<footer id="credits">Drawn with Cytoscape.js <span id="cy-version"></span>'
            " (MIT licence; its notice is kept in this page's source).</footer>",
            "</aside>",
            "</main>",
            f'<script type="application/json" id="kg-data">{_json_for_script(data)}</script>',
            f"<script>\n{_script_safe(_vendor('cytoscape.min.js'))}\n</script>",
            f"<script>\n{_APP}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


_CSS = """\
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body {
  display: flex; flex-direction: column; color: #222; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
header {
  display: flex; gap: .75rem; align-items: center; padding: .5rem 1rem;
  border-bottom: 1px solid #ddd; background: #f6f7f9;
}
header h1 {
  font-size: 1.05rem; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
#search { flex: 0 1 20rem; padding: .3rem .5rem; font: inherit; }
#matches { color: #555; min-width: 6rem; }
#fit { font: inherit; padding: .2rem .7rem; }
#status { margin-left: auto; color: #666; white-space: nowrap; }
main { flex: 1; display: flex; min-height: 0; }
#stage { flex: 1; position: relative; min-width: 0; }
#cy { position: absolute; inset: 0; }
#legend {
  position: absolute; left: .5rem; bottom: .5rem; max-height: 45%; overflow-y: auto;
  background: rgba(255, 255, 255, .9); border: 1px solid #ddd; border-radius: 4px;
  padding: .3rem .6rem; font-size: 12px;
}
#legend h2 { font-size: 12px; margin: 0 0 .2rem; color: #555; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend li { cursor: pointer; white-space: nowrap; }
#legend li.active { font-weight: 600; }
#legend .count { color: #888; }
.swatch {
  display: inline-block; width: .8rem; height: .8rem; border-radius: 50%;
  border: 1px solid #555; margin-right: .4rem; vertical-align: -.1rem;
}
#panel {
  width: 26rem; flex: none; overflow-y: auto; border-left: 1px solid #ddd;
  padding: .75rem 1rem; background: #fcfcfd; display: flex; flex-direction: column;
}
#details { flex: 1; }
#details h2 { font-size: 1.1rem; margin: 0 0 .2rem; overflow-wrap: anywhere; }
#details h3 { font-size: .9rem; margin: .9rem 0 .3rem; color: #444; }
#details .kind { margin: 0 0 .6rem; color: #555; }
#details dl {
  display: grid; grid-template-columns: minmax(5rem, 38%) 1fr; gap: .25rem .75rem; margin: 0;
}
#details dt { color: #666; }
#details dd { margin: 0; overflow-wrap: anywhere; white-space: pre-line; }
#details ul { margin: 0; padding-left: 1.1rem; }
#details li { overflow-wrap: anywhere; }
#details button.link {
  border: none; background: none; padding: 0; color: #0b57d0; cursor: pointer;
  font: inherit; text-align: left;
}
#details button.link:hover { text-decoration: underline; }
.hint, .none { color: #777; }
#credits { margin-top: 1rem; color: #888; font-size: 12px; }
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var details = document.getElementById("details");
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  var CORE = ["label", "kind", "type", "iri", "citations"];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // several values in one attribute are joined by "; " (a citation list stays on its line)
  function lines(value) {
    return String(value).split(/;\s(?!\[)/).join("\n");
  }

  function row(dl, name, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", name === "description" ? value : lines(value)));
  }

  function citations(text) {
    details.appendChild(el("h3", "Citations"));
    var parts = String(text || "").split(/;\s*/).filter(function (s) { return s; });
    if (!parts.length) {
      details.appendChild(el("p", "no citation recorded", "none"));
      return;
    }
    var ul = el("ul");
    ul.id = "citations";
    parts.forEach(function (p) { ul.appendChild(el("li", p)); });
    details.appendChild(ul);
  }

  function jump(node) {
    var b = el("button", node.data("label"), "link");
    b.type = "button";
    b.title = node.id();
    b.addEventListener("click", function () {
      select(node);
      cy.stop(true).animate({ center: { eles: node } }, { duration: 200 });
    });
    return b;
  }

  function showNode(n) {
    var a = n.data("attrs");
    details.replaceChildren();
    details.dataset.id = n.id();
    details.appendChild(el("h2", n.data("label")));
    details.appendChild(el("p", n.data("kind"), "kind"));
    var dl = el("dl");
    row(dl, "key", n.id());
    row(dl, "type", a.type);
    row(dl, "IRI", a.iri);
    Object.keys(a).sort().forEach(function (k) {
      if (CORE.indexOf(k) < 0) row(dl, k.replace(/_/g, " "), a[k]);
    });
    details.appendChild(dl);
    citations(a.citations);
    var edges = n.connectedEdges().sort(function (x, y) {
      return x.data("label").localeCompare(y.data("label")) || x.id().localeCompare(y.id());
    });
    if (edges.length) {
      details.appendChild(el("h3", "Links (" + edges.length + ")"));
      var ul = el("ul");
      edges.forEach(function (e) {
        var li = el("li");
        var out = e.source().same(n);
        li.appendChild(document.createTextNode(out ? e.data("label") + " → " : "← "));
        li.appendChild(jump(out ? e.target() : e.source()));
        if (!out) li.appendChild(document.createTextNode(" " + e.data("label")));
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
  }

  function showEdge(e) {
    var a = e.data("attrs");
    details.replaceChildren();
    details.dataset.id = e.id();
    details.appendChild(el("h2", e.data("label")));
    details.appendChild(el("p", "relation", "kind"));
    var dl = el("dl");
    row(dl, "predicate", a.predicate);
    dl.appendChild(el("dt", "from"));
    var from = el("dd");
    from.appendChild(jump(e.source()));
    dl.appendChild(from);
    dl.appendChild(el("dt", "to"));
    var to = el("dd");
    to.appendChild(jump(e.target()));
    dl.appendChild(to);
    Object.keys(a).sort().forEach(function (k) {
      if (k !== "predicate" && CORE.indexOf(k) < 0) row(dl, k.replace(/_/g, " "), a[k]);
    });
    details.appendChild(dl);
    citations(a.citations);
  }

  function clearMarks() {
    cy.elements().removeClass("near faded match");
  }

  function select(ele, quiet) {
    clearMarks();
    cy.elements().unselect();
    ele.select();
    if (ele.isNode()) {
      var hood = ele.closedNeighborhood();
      if (!quiet) cy.elements().not(hood).addClass("faded");
      hood.edges().addClass("near");
      showNode(ele);
    } else {
      cy.elements().not(ele.connectedNodes().union(ele)).addClass("faded");
      ele.addClass("near");
      showEdge(ele);
    }
  }

  // mulberry32: a small seeded generator, so the force layout is the same on every load
  function seeded(seed) {
    return function () {
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: { nodes: data.nodes, edges: data.edges },
    layout: { name: "grid" },
    minZoom: 0.05,
    maxZoom: 5,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "border-width": 1, "border-color": "#555",
        "label": "data(label)", "font-size": 11, "color": "#222",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis",
        "text-max-width": "130px", "min-zoomed-font-size": 5,
        "text-background-color": "#fff", "text-background-opacity": 0.7,
        "text-background-padding": "1px",
        "width": function (n) { return 14 + 3 * Math.sqrt(n.degree(false)); },
        "height": function (n) { return 14 + 3 * Math.sqrt(n.degree(false)); } } },
      { selector: "node.focus", style: {
        "width": 44, "height": 44, "border-width": 4, "border-color": "#111",
        "font-size": 14, "font-weight": "bold", "z-index": 10 } },
      { selector: "edge", style: {
        "width": 1.2, "line-color": "#b8b8b8", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#b8b8b8",
        "arrow-scale": 0.8, "font-size": 9, "color": "#333",
        "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.85, "text-background-padding": "1px" } },
      { selector: "edge.near", style: {
        "label": "data(label)", "width": 2, "line-color": "#555",
        "target-arrow-color": "#555", "z-index": 5 } },
      { selector: ".faded", style: { "opacity": 0.22 } },
      { selector: "node:selected", style: {
        "border-width": 4, "border-color": "#f5b800", "z-index": 20 } },
      { selector: "node.match", style: {
        "border-width": 4, "border-color": "#f5b800", "z-index": 20 } },
      { selector: "edge:selected", style: {
        "width": 3, "line-color": "#f5b800", "target-arrow-color": "#f5b800" } }
    ]
  });
  window.kgGraph = cy;
  document.getElementById("cy-version").textContent = cytoscape.version || "";

  // starting positions: rings by distance from the focus (or the best-connected node)
  var root = data.focus ? cy.getElementById(data.focus) : cy.nodes().max(function (n) {
    return n.degree(false);
  }).ele;
  var depth = {};
  var deepest = 0;
  if (root && root.length) {
    cy.elements().bfs({ roots: root, directed: false, visit: function (v, e, u, i, d) {
      depth[v.id()] = d;
      deepest = Math.max(deepest, d);
    } });
  }
  cy.layout({ name: "concentric", animate: false, fit: false, minNodeSpacing: 30,
    concentric: function (n) {
      return n.id() in depth ? deepest + 1 - depth[n.id()] : 0;
    },
    levelWidth: function () { return 1; } }).run();

  var layout = cy.layout({
    name: "cose", randomize: false, animate: false, fit: true, padding: 40,
    nodeDimensionsIncludeLabels: false, idealEdgeLength: function () { return 70; },
    nodeRepulsion: function () { return 400000; }, nodeOverlap: 20, gravity: 0.6,
    numIter: 1500, componentSpacing: 80
  });
  layout.one("layoutstop", function () {
    if (data.focus) select(cy.getElementById(data.focus), true);
    window.kgReady = true;
    document.body.dataset.ready = "true";
  });
  var random = Math.random;
  Math.random = seeded(20200501);
  try {
    layout.run();
  } finally {
    Math.random = random;
  }

  cy.on("tap", "node", function (evt) { select(evt.target); });
  cy.on("tap", "edge", function (evt) { select(evt.target); });
  cy.on("tap", function (evt) {
    if (evt.target === cy) {
      clearMarks();
      cy.elements().unselect();
    }
  });

  function haystack(n) {
    var a = n.data("attrs");
    return [n.data("label"), n.id(), a.formula || "", a.synonyms || ""].join("\n").toLowerCase();
  }

  function highlight(hits, note, centre) {
    clearMarks();
    cy.elements().unselect();
    matches.textContent = note;
    if (!hits) return;
    hits.addClass("match").select();
    cy.elements().not(hits).addClass("faded");
    if (centre && hits.length) {
      cy.stop(true).animate({ center: { eles: hits[0] } }, { duration: 200 });
    }
  }

  var hits = null;
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    document.querySelectorAll("#legend li.active").forEach(function (li) {
      li.classList.remove("active");
    });
    if (!q) {
      hits = null;
      highlight(null, "");
      return;
    }
    hits = cy.nodes().filter(function (n) { return haystack(n).indexOf(q) >= 0; });
    // the closest label first: exact, then starting with the text, then shortest
    hits = hits.sort(function (x, y) {
      function rank(n) {
        var l = n.data("label").toLowerCase();
        return l === q ? 0 : l.indexOf(q) === 0 ? 1 : 2;
      }
      return rank(x) - rank(y) || x.data("label").length - y.data("label").length ||
        x.id().localeCompare(y.id());
    });
    highlight(hits, hits.length + (hits.length === 1 ? " match" : " matches"), true);
  });
  search.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter" && hits && hits.length) showNode(hits[0]);
  });

  document.querySelectorAll("#legend li").forEach(function (li) {
    li.addEventListener("click", function () {
      var on = !li.classList.contains("active");
      document.querySelectorAll("#legend li.active").forEach(function (x) {
        x.classList.remove("active");
      });
      search.value = "";
      hits = null;
      if (!on) {
        highlight(null, "");
        return;
      }
      li.classList.add("active");
      var kind = li.dataset.kind;
      var found = cy.nodes().filter(function (n) { return n.data("kind") === kind; });
      highlight(found, found.length + " " + kind, false);
    });
  });

  document.getElementById("fit").addEventListener("click", function () { cy.fit(undefined, 40); });
})();
"""
