"""`data/report.html`: one self-contained page of charts over the views, for readers who do not write SQL.

Every figure comes from a query in `sql/report/` over the views (the same answers as `newslake query`); plotly draws
them and its JavaScript is inlined once, so the file opens offline and can be mailed around.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import numpy as np

from newslake.views import SQL_DIR


REPORT_SQL = SQL_DIR / "report"  # one query per chart or table
TOP_SPEAKERS = 15
TOP_ENTITIES = 10
ENTITY_TYPES = ("PERSON", "ORG", "GPE")
NETWORK_PAIRS = 60
NETWORK_LABELS = 20
QUOTE_ROWS = 2000  # the table is filtered in the browser; beyond this, use `newslake search`
_LABEL_COLOURS = {"PERSON": "#4C78A8", "ORG": "#F58518", "GPE": "#54A24B", "LOC": "#72B7B2", "NORP": "#B279A2"}
_OTHER_COLOUR = "#9D9D9D"
_CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Headline:
    """The figures a flow run reports next to the report's path."""

    documents: int
    duplicates: int
    quotes: int
    reported: int
    speakers: int
    entities: int
    first_day: str | None
    last_day: str | None
    top_speaker: str | None
    languages: str = ""  # documents by language, most first: "en 9, de 3"

    def markdown(self, path: Path) -> str:
        days = f"{self.first_day} to {self.last_day}" if self.first_day else "no publication dates"
        lines = [
            f"**{self.documents}** documents ({days}; {self.duplicates} duplicate cop{'y' if self.duplicates == 1 else 'ies'} left out), "
            f"**{self.quotes}** direct quotations and **{self.reported}** reported statements from **{self.speakers}** named speakers, "
            f"**{self.entities}** entities.",
        ]
        if self.languages and "," in self.languages:
            lines.append(f"Documents by language: {self.languages} (sentences, entities and quotes come from the English ones).")
        elif self.languages:
            lines.append(f"Documents by language: {self.languages}.")
        if self.top_speaker:
            lines.append(f"Most quoted: **{self.top_speaker}**.")
        lines.append(f"Report: `{path}`")
        return "\n\n".join(lines)

    def plain(self, path: Path) -> str:
        """The same without markdown marks, for a terminal or the report's own header."""
        return self.markdown(path).replace("**", "").replace("`", "")


def write_report(connection: duckdb.DuckDBPyConnection, out: Path) -> Headline:
    """Write the report from a connection with the views, atomically, and return its headline."""
    headline = read_headline(connection)
    page = _page(connection, headline)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    staging.write_text(page, encoding="utf-8")
    os.replace(staging, out)
    return headline


def read_headline(connection: duckdb.DuckDBPyConnection) -> Headline:
    [row] = _rows(connection, "headline")
    return Headline(**row)


def _rows(connection: duckdb.DuckDBPyConnection, query: str, **parameters) -> list[dict]:
    """The rows of `sql/report/QUERY.sql`, each a dict."""
    result = connection.execute((REPORT_SQL / f"{query}.sql").read_text(encoding="utf-8"), parameters or None)
    names = [column[0] for column in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def load_plotting() -> None:
    """Import plotly and make its default template now, ahead of the first report (plotly imports
    its figure classes lazily, on first use: 0.2 s of the first report on a tiny lake)."""
    import plotly.graph_objects as go
    import plotly.io  # noqa: F401

    go.Figure([go.Bar(), go.Scatter()])


def _page(connection: duckdb.DuckDBPyConnection, headline: Headline) -> str:
    import plotly.io as pio

    sections = [
        ("Who is quoted most", "chart-speakers", _speakers_figure(connection)),
        ("Who and what is mentioned most", "chart-entities", _entities_figure(connection)),
        ("Coverage over time", "chart-coverage", _coverage_figure(connection)),
        ("Who appears with whom", "chart-network", _network_figure(connection)),
    ]
    parts, script_included = [], False
    for heading, div_id, figure in sections:
        if figure is None:
            chart = f'<p class="empty" id="{div_id}">Nothing to show yet.</p>'
        else:  # plotly.js inlined once, with the first chart
            chart = pio.to_html(
                figure, full_html=False, include_plotlyjs=not script_included, div_id=div_id, config=_CONFIG, default_height="460px",
            )
            script_included = True
        parts.append(f"<section><h2>{html.escape(heading)}</h2>{chart}</section>")
    quotes = _quotes_table(connection)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    paragraphs = headline.plain(Path("report.html")).split("\n\n")
    summary = html.escape(" ".join(paragraphs[:2] if paragraphs[1].startswith("Documents by language") else paragraphs[:1]))
    return _TEMPLATE.format(summary=summary, generated=generated, sections="\n".join(parts), quotes=quotes)


def _bar(labels: list[str], values: list[int], hover: list[str], colour: str | list[str], name: str | None = None):
    import plotly.graph_objects as go

    return go.Bar(x=values, y=labels, orientation="h", marker_color=colour, hovertext=hover, hoverinfo="text", name=name, showlegend=name is not None)


def _speakers_figure(connection: duckdb.DuckDBPyConnection):
    import plotly.graph_objects as go

    rows = _rows(connection, "speakers", top=TOP_SPEAKERS)
    if not rows:
        return None
    rows.reverse()  # largest at the top of a horizontal bar chart
    hover = [
        f"{r['speaker']}: {r['n_direct']} direct quotations, {r['n_reported']} reported, {r['n_words']} words, {r['n_docs']} documents"
        for r in rows
    ]
    names = [r["speaker"] for r in rows]
    figure = go.Figure([
        _bar(names, [r["n_direct"] for r in rows], hover, _LABEL_COLOURS["PERSON"], "direct quotations"),
        _bar(names, [r["n_reported"] for r in rows], hover, "#9ecae9", "reported speech"),
    ])
    figure.update_layout(barmode="stack", xaxis_title="quotations and reported speech", margin={"l": 10, "r": 10, "t": 10, "b": 40})
    figure.update_yaxes(automargin=True)
    return figure


def _entities_figure(connection: duckdb.DuckDBPyConnection):
    from plotly.subplots import make_subplots

    rows = _rows(connection, "entities", labels=list(ENTITY_TYPES), top=TOP_ENTITIES)
    if not rows:
        return None
    titles = {"PERSON": "people", "ORG": "organisations", "GPE": "places"}
    figure = make_subplots(rows=1, cols=len(ENTITY_TYPES), subplot_titles=[titles[label] for label in ENTITY_TYPES], horizontal_spacing=0.12)
    for column, label in enumerate(ENTITY_TYPES, start=1):
        mine = [r for r in rows if r["label"] == label][::-1]
        hover = [f"{r['name']}: {r['n_mentions']} mentions in {r['n_docs']} documents" for r in mine]
        figure.add_trace(_bar([r["name"] for r in mine], [r["n_mentions"] for r in mine], hover, _LABEL_COLOURS[label]), row=1, col=column)
    figure.update_layout(showlegend=False, margin={"l": 10, "r": 10, "t": 40, "b": 40})
    figure.update_xaxes(title_text="mentions")
    figure.update_yaxes(automargin=True)
    return figure


def _coverage_figure(connection: duckdb.DuckDBPyConnection):
    import plotly.graph_objects as go

    rows = _rows(connection, "coverage", days=62, weeks=2 * 365)
    if not rows:
        return None
    period = rows[0]["unit"]
    periods = [r["period"].isoformat() for r in rows]
    figure = go.Figure([
        go.Bar(x=periods, y=[r["n_documents"] for r in rows], name="documents", marker_color="#4C78A8"),
        go.Bar(x=periods, y=[r["n_quotes"] for r in rows], name="direct quotations", marker_color="#F58518"),
    ])
    figure.update_layout(
        barmode="group", xaxis={"type": "date", "title": f"publication {period} (UTC)"}, yaxis={"title": f"per {period}"},
        legend={"orientation": "h", "y": 1.1}, margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure


def _network_figure(connection: duckdb.DuckDBPyConnection):
    import plotly.graph_objects as go

    pairs = _rows(connection, "network", top=NETWORK_PAIRS)
    if not pairs:
        return None
    nodes: dict[str, dict] = {}
    for pair in pairs:
        for side in ("a", "b"):
            node = nodes.setdefault(pair[f"entity_id_{side}"], {"name": pair[f"entity_{side}"], "label": pair[f"label_{side}"], "weight": 0})
            node["weight"] += pair["n_sentences"]
    ids = list(nodes)
    index = {entity_id: i for i, entity_id in enumerate(ids)}
    edges = [(index[p["entity_id_a"]], index[p["entity_id_b"]], p["n_sentences"]) for p in pairs]
    position = force_layout(len(ids), edges)
    edge_x, edge_y = [], []
    for a, b, _ in edges:
        edge_x += [position[a, 0], position[b, 0], None]
        edge_y += [position[a, 1], position[b, 1], None]
    weights = np.array([nodes[i]["weight"] for i in ids], dtype=float)
    labelled = np.sort(weights)[-min(len(weights), NETWORK_LABELS)]  # names on the busiest nodes, the rest on hover
    figure = go.Figure([
        go.Scatter(x=edge_x, y=edge_y, mode="lines", line={"width": 1, "color": "#C8C8C8"}, hoverinfo="skip", showlegend=False),
        go.Scatter(
            x=position[:, 0], y=position[:, 1], mode="markers+text",
            text=[nodes[i]["name"] if nodes[i]["weight"] >= labelled else "" for i in ids],
            textposition="top center", hovertext=[f"{nodes[i]['name']} ({nodes[i]['label']}): {nodes[i]['weight']} shared sentences" for i in ids],
            hoverinfo="text", showlegend=False,
            marker={"size": 8 + 22 * np.sqrt(weights / weights.max()), "color": [_LABEL_COLOURS.get(nodes[i]["label"], _OTHER_COLOUR) for i in ids], "line": {"width": 1, "color": "white"}},
        ),
    ])
    figure.update_layout(
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"}, plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return figure


def force_layout(n_nodes: int, edges: list[tuple[int, int, int]], iterations: int = 300, seed: int = 7) -> np.ndarray:
    """Fruchterman-Reingold positions in the unit square: linked nodes close, all nodes apart.

    A pull towards the centre keeps separate clusters in view. Deterministic for the same graph, so
    the report does not reshuffle between runs.
    """
    rng = np.random.default_rng(seed)
    position = rng.random((n_nodes, 2))
    if n_nodes < 2:
        return position
    k = np.sqrt(1.0 / n_nodes)
    adjacency = np.zeros((n_nodes, n_nodes))
    for a, b, weight in edges:
        adjacency[a, b] = adjacency[b, a] = np.log1p(weight)
    temperature, gravity = 0.1, 0.5 * n_nodes * k  # pull grows with the crowd that pushes
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / distance**2 - adjacency * distance / k
        np.fill_diagonal(force, 0.0)
        move = (delta * force[:, :, None]).sum(axis=1) - gravity * (position - position.mean(axis=0))
        length = np.maximum(np.linalg.norm(move, axis=-1, keepdims=True), 1e-9)
        position += move / length * np.minimum(length, temperature)
        temperature *= 0.98
    position -= position.min(axis=0)
    return position / np.maximum(position.max(axis=0), 1e-9)


def _quotes_table(connection: duckdb.DuckDBPyConnection) -> str:
    rows = _rows(connection, "quotes", top=QUOTE_ROWS)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[key] or ''))}</td>" for key in ("speaker", "kind", "quote", "cue", "title", "day")) + "</tr>"
        for row in rows
    )
    return (
        f'<p><input id="quote-filter" type="search" placeholder="Filter {len(rows)} quotations by speaker, words or document" '
        'aria-label="filter quotations"> <span id="quote-count"></span></p>'
        '<table id="quotes-table"><thead><tr><th>speaker</th><th>kind</th><th>quotation</th><th>cue</th><th>document</th><th>day</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newslake report</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 2rem; color: #222; }}
h1 {{ margin-bottom: 0.2rem; }}
.summary {{ font-size: 1.1rem; }}
.generated {{ color: #777; font-size: 0.85rem; }}
section {{ margin: 2rem 0; }}
#quote-filter {{ width: 28rem; max-width: 100%; padding: 0.4rem; font-size: 1rem; }}
#quotes-table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
#quotes-table th, #quotes-table td {{ border-bottom: 1px solid #ddd; padding: 0.35rem; text-align: left; vertical-align: top; }}
#quotes-table td:nth-child(3) {{ width: 50%; }}
.empty {{ color: #777; }}
</style>
</head>
<body>
<h1>newslake report</h1>
<p class="summary">{summary}</p>
<p class="generated">Generated {generated} from the views in <code>sql/</code>.</p>
{sections}
<section><h2>Quotations</h2>
{quotes}
</section>
<script>
(function () {{
  var input = document.getElementById("quote-filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#quotes-table tbody tr"));
  var count = document.getElementById("quote-count");
  function filter() {{
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {{
      var text = row.textContent.toLowerCase();
      var match = words.every(function (word) {{ return text.indexOf(word) !== -1; }});
      row.style.display = match ? "" : "none";
      if (match) {{ shown += 1; }}
    }});
    count.textContent = shown + " of " + rows.length + " shown";
  }}
  input.addEventListener("input", filter);
  filter();
}})();
</script>
</body>
</html>
"""
