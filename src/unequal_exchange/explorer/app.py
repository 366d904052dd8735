"""The explorer page (Panel on a Bokeh server) and :func:`serve`.

Pages, in :data:`PAGES` order: the Mexico–US accounts with sliders, and the two guided exercises
(Capital III ch. 9, Emmanuel 1972). Every page is built per browser session by a function
``(scenario) -> panel object``; a new page is one more entry in :data:`PAGES`. Two pages the
issue asks for need work that is not merged yet and are listed in :data:`PENDING_PAGES` (not
shown): the four measures side by side and the WIOD series.

Numbers follow the slider as it moves; the two figures are redrawn once the controls have been
still for :data:`FIGURE_DELAY_MS`, so a drag never waits for matplotlib. Everything the page loads
is served by the Bokeh server itself (``resources="server"``): the page works offline.
"""

from __future__ import annotations

import html
import io
import socket
import typing
from collections.abc import Callable

import numba
import panel as pn
import param
from matplotlib.figure import Figure

from ..errors import UnequalExchangeError
from ..scenarios.scenario import Scenario
from ..viz import plotting
from . import core, exercises

if typing.TYPE_CHECKING:
    from bokeh.server.callbacks import TimeoutCallback

TITLE = "unequal-exchange explorer"
FIGURE_DELAY_MS = 300

# Pages that belong here once the work they show is merged (title -> what they need).
PENDING_PAGES = {
    "Measures side by side": "the four measures of unequal exchange (issue 'Four measures of "
    "unequal exchange…'): one row per measure, the same sliders",
    "WIOD series": "the WIOD 2000–2014 series of the measures, answering the same sliders",
}

CSS = """
.ue-number { font-variant-numeric: tabular-nums; font-weight: 600; font-size: 1.1em; }
.ue-error { color: #b00020; font-weight: 600; }
.ue-caption { color: #444; font-size: 0.9em; max-width: 46em; }
details.ue-explain summary { color: #1a5fb4; cursor: pointer; font-size: 0.85em; }
details.ue-explain div { font-size: 0.85em; max-width: 40em; color: #333; }
table.ue-table td, table.ue-table th { padding: 2px 10px; text-align: right; }
"""


def _explain(key: str) -> str:
    entry = core.explanations()[key]
    return (
        f'<details class="ue-explain"><summary>explain</summary><div>'
        f"{html.escape(entry['text'])} <em>(docs/model.md {html.escape(entry['section'])})</em>"
        "</div></details>"
    )


class NumberBoard(pn.custom.JSComponent):
    """A table of numbers with their labels and "explain" expanders, drawn once in the browser;
    a move sends only ``values`` (key -> [repr of the value, shown number, shown units]) and the
    page rewrites those cells. One message per move instead of one re-rendered pane per number
    (about 10 ms each in Panel), and an open explanation stays open."""

    rows = param.List(doc="[{key, label, explain, section} or {heading}] in display order")
    values = param.Dict(doc="key -> [repr(value), shown number, shown units]")

    _esm = """
    export function render({ model, el }) {
      const table = document.createElement('table');
      table.className = 'ue-board';
      for (const row of model.rows) {
        const tr = document.createElement('tr');
        if (row.heading) {
          const th = document.createElement('th');
          th.colSpan = 2;
          th.className = 'ue-heading';
          th.textContent = row.heading;
          tr.appendChild(th);
          table.appendChild(tr);
          continue;
        }
        const label = document.createElement('td');
        label.className = 'ue-label';
        label.textContent = row.label;
        const cell = document.createElement('td');
        const num = document.createElement('span');
        num.className = 'ue-number';
        num.dataset.var = row.key;
        const units = document.createElement('span');
        units.className = 'ue-units';
        const details = document.createElement('details');
        details.className = 'ue-explain';
        const summary = document.createElement('summary');
        summary.textContent = 'explain';
        const text = document.createElement('div');
        text.textContent = row.explain;
        const where = document.createElement('em');
        where.textContent = ' (docs/model.md ' + row.section + ')';
        text.appendChild(where);
        details.append(summary, text);
        cell.append(num, ' ', units, details);
        tr.append(label, cell);
        table.appendChild(tr);
      }
      function update() {
        for (const [key, v] of Object.entries(model.values)) {
          const num = table.querySelector(`[data-var="${key}"]`);
          if (!num) continue;
          num.dataset.value = v[0];
          num.textContent = v[1];
          num.nextSibling.nextSibling.textContent = v[2];
        }
      }
      update();
      model.on('values', update);
      return table;
    }
    """

    _stylesheets: typing.ClassVar[list[str]] = [
        """
        table.ue-board td { padding: 3px 8px; vertical-align: top; }
        td.ue-label { width: 330px; }
        th.ue-heading { text-align: left; font-size: 1.15em; padding: 14px 8px 4px 8px; }
        .ue-number { font-variant-numeric: tabular-nums; font-weight: 600; font-size: 1.1em; }
        details.ue-explain summary { color: #1a5fb4; cursor: pointer; font-size: 0.85em; }
        details.ue-explain div { font-size: 0.85em; max-width: 36em; color: #333; }
        """
    ]


def _board_rows(labels: dict[str, str], explain: dict[str, str]) -> list[dict]:
    texts = core.explanations()
    return [
        {
            "key": key,
            "label": label,
            "explain": texts[explain[key]]["text"],
            "section": texts[explain[key]]["section"],
        }
        for key, label in labels.items()
    ]


def _figure(draw, ds, figsize) -> Figure:
    fig = Figure(figsize=figsize, layout="constrained")  # no pyplot: no backend, no leak
    # the scenario's full name lists every override: too long for a title
    ds = ds.assign_attrs(scenario="current scenario")
    draw(ds, ax=fig.subplots())
    return fig


FIGURES = (
    (
        lambda ds, ax: plotting.channel_breakdown(ds, ax=ax),
        (9.2, 3.6),  # wide enough for the title with the total
        "Drain channels of the current scenario, bn USD/yr. The four coloured channels add up to "
        "the total drain (share of the drain beside each bar); the hatched labour-arbitrage rent "
        "is reported, not added, because it overlaps the price and ownership channels "
        "(docs/model.md §3.3).",
    ),
    (
        plotting.strict_broad_waterfall,
        (7.5, 4.2),
        "Shapley split of the price transfer, bn USD/yr (positive = drain from Mexico): the wage "
        "gap (unequal exchange in the strict sense), the composition gap (the broad sense), "
        "intensity (value created per hour) and the structural remainder add up to the total "
        "(docs/model.md §2.3).",
    ),
)


class MexicoUSPage:
    """Sliders and text fields on the left, numbers, explanations and figures on the right."""

    def __init__(self, scenario: str | Scenario):
        self.state = core.ExplorerState(scenario)
        self.error = pn.pane.HTML("", css_classes=["ue-error-pane"], min_height=24)
        self.sliders: dict[str, pn.widgets.FloatSlider] = {}
        self.texts: dict[str, pn.widgets.TextInput] = {}
        self._syncing = False
        self._doc = pn.state.curdoc
        self._pending: TimeoutCallback | None = None
        self._moved: set[str] = set()
        self.board = NumberBoard(
            rows=[
                {
                    "heading": "Channels of the drain from Mexico (2011 calibration; scenario "
                    f"{self.state.base.name})"
                },
                *_board_rows(
                    {n: core.RUN_VARIABLES[n][1] for n in core.CHANNEL_ROWS},
                    {n: n for n in core.CHANNEL_ROWS},
                ),
                {"heading": "The price transfer: strict and broad unequal exchange"},
                *_board_rows(
                    {f"split-{f}": core.SPLIT_LABELS[f] for f in core.SPLIT_ROWS},
                    {
                        f"split-{f}": "structural" if f == "structural" else "split"
                        for f in core.SPLIT_ROWS
                    },
                ),
            ],
            width=720,
        )
        self.figures_of = pn.pane.HTML("")
        self.figures = [
            pn.pane.Matplotlib(None, dpi=78, tight=False, format="png", sizing_mode="fixed")
            for _ in FIGURES
        ]
        self.download = pn.widgets.FileDownload(
            callback=lambda: io.StringIO(self.state.toml_text()),
            filename="scenario.toml",
            label="Download this scenario as TOML (unequal-exchange run FILE reproduces it)",
            button_type="primary",
            css_classes=["ue-download"],
        )
        self._update_numbers()
        self._update_figures()

    # -------------------------------------------------------------------- controls
    def _control(self, control: core.Control) -> pn.Column:
        spec = control.parameter
        value = self.state.value(control.name)
        slider = pn.widgets.FloatSlider(
            name=control.label,
            start=min(control.start, value),
            end=max(control.end, value),
            step=control.step,
            value=value,
            width=260,
            css_classes=[f"ue-slider-{control.name}"],
        )
        text = pn.widgets.TextInput(
            value=f"{value:.12g}", width=110, css_classes=[f"ue-text-{control.name}"]
        )
        slider.param.watch(lambda e, n=control.name: self._on_slider(n, e.new), "value")
        text.param.watch(lambda e, n=control.name: self._on_text(n, e.new), "value")
        self.sliders[control.name], self.texts[control.name] = slider, text
        parts = [
            pn.Row(slider, text),
            pn.pane.HTML(
                f"<small>{html.escape(spec.description)}; valid domain {spec.domain()}</small>",
                max_width=400,
                margin=(0, 10),
            ),
        ]
        if control.convention:
            parts.append(
                pn.pane.HTML(
                    "<small>A <b>valuation convention</b>, not a real quantity: 0 = every hour "
                    "counts equally (Emmanuel), 1 = hours weighted by value added per hour "
                    "(Carchedi &amp; Roberts 2021).</small>" + _explain("hours_weighting"),
                    max_width=400,
                )
            )
        return pn.Column(*parts, margin=(0, 0, 6, 0))

    def controls(self) -> pn.Column:
        out: list[pn.viewable.Viewable] = []
        group = None
        for control in core.CONTROLS:
            if control.group != group:
                group = control.group
                out.append(pn.pane.Markdown(f"#### {group}", margin=(4, 5, 0, 5)))
            out.append(self._control(control))
        return pn.Column(*out, width=420)

    def _on_slider(self, name: str, value: float) -> None:
        if self._syncing:
            return
        # 0.1 + 20 × 0.005 arrives as 0.19999999999999998: keep the decimal the slider shows
        self._apply(name, float(f"{value:.12g}"))
        self._moved.add(name)
        self._schedule_figures()

    def _on_text(self, name: str, text: str) -> None:
        if self._syncing:
            return
        if self._apply(name, text):
            value = self.state.value(name)
            slider = self.sliders[name]
            self._syncing = True
            slider.start, slider.end = min(slider.start, value), max(slider.end, value)
            slider.value = value
            self._syncing = False
            self._schedule_figures()

    def _apply(self, name: str, value) -> bool:
        message = self.state.set(name, value)
        if message is not None:
            self.error.object = (
                f'<div class="ue-error" role="alert">error: {html.escape(message)}</div>'
                "<small>The numbers below are still those of the last valid scenario.</small>"
            )
            return False
        self.error.object = ""
        self._update_numbers()
        return True

    # -------------------------------------------------------------------- outputs
    def _update_numbers(self) -> None:
        acc = self.state.accounts
        values = {}
        for name in core.CHANNEL_ROWS:
            value, number, units, _ = core.row(acc, name)
            values[name] = [repr(value), number, units]
        for factor in core.SPLIT_ROWS:
            value, number, units, _ = core.split_row(acc, factor)
            values[f"split-{factor}"] = [repr(value), number, units]
        self.board.values = values

    def _schedule_figures(self) -> None:
        """Redraw the figures (and copy slider values into the text fields) once the controls
        have been still for FIGURE_DELAY_MS: a figure takes a few hundred ms, and the numbers
        never wait for it."""
        doc = self._doc or pn.state.curdoc
        if doc is None:  # outside a server session (tests of the page object)
            self._update_figures()
            return
        if self._pending is not None:
            try:
                doc.remove_timeout_callback(self._pending)
            except ValueError:  # already fired
                pass
        self._pending = doc.add_timeout_callback(self._update_figures, FIGURE_DELAY_MS)

    def _update_figures(self) -> None:
        self._pending = None
        self._syncing = True  # the text fields follow the sliders once they are still
        for name in self._moved:
            self.texts[name].value = f"{self.state.value(name):.12g}"
        self._syncing = False
        self._moved.clear()
        for pane, (draw, size, _) in zip(self.figures, FIGURES, strict=True):
            pane.object = _figure(draw, self.state.result, size)
        self.figures_of.object = (
            f'<small class="ue-figures-of">Figures of: {html.escape(self.state.scenario.name)}'
            "</small>"
        )

    def view(self) -> pn.Row:
        figures = []
        for pane, (_, _, caption) in zip(self.figures, FIGURES, strict=True):
            figures += [pane, pn.pane.HTML(f'<p class="ue-caption">{caption}</p>')]
        right = pn.Column(
            self.error,
            self.board,
            self.download,
            self.figures_of,
            *figures,
        )
        left = pn.Column(
            pn.pane.Markdown(
                "Move a slider (mouse or arrow keys) or type a value and press Enter. Numbers "
                "follow the slider; figures redraw when it stops."
            ),
            self.controls(),
            pn.pane.HTML("<b>When is a scenario not viable?</b>" + _explain("non_viable")),
        )
        return pn.Row(left, right)


def _step_view(prefix: str, k: int, step: exercises.Step) -> pn.Column:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in step.columns)
    body = "".join(
        f"<tr><th>{html.escape(r)}</th>"
        + "".join(f"<td>{vals[i]:.4g}</td>" for vals in step.columns.values())
        + "</tr>"
        for i, r in enumerate(step.rows)
    )
    table = f'<table class="ue-table"><tr><th></th>{head}</tr>{body}</table>'
    note = f"<p>{html.escape(step.note)}</p>" if step.note else ""
    answer = pn.Card(
        pn.pane.HTML(table + note),
        title="show the engine's answer",
        collapsed=k > 0,
        css_classes=[f"ue-{prefix}-step-{k}"],
        width=620,
    )
    return pn.Column(pn.pane.Markdown(f"**Step {k + 1}.** {step.question}", width=620), answer)


def capital_iii_page(scenario=None) -> pn.Column:
    steps = exercises.capital_iii_steps()
    return pn.Column(
        pn.pane.Markdown(
            "## Capital III, chapter 9: from values to prices of production\n"
            "Five capitals of 100 with different organic compositions and the same rate of "
            "surplus value (Marx 1894). Work each step on paper, then open the answer: the "
            "numbers come from `ue.transform`."
        ),
        pn.pane.HTML(_explain("capital_iii")),
        *[_step_view("capital", k, s) for k, s in enumerate(steps)],
    )


def emmanuel_page(scenario=None) -> pn.Column:
    steps = exercises.emmanuel_steps()
    wage = pn.widgets.FloatSlider(
        name="periphery wage v (the core keeps v = 100, s = 20)",
        start=5,  # a zero wage cannot be switched off (no level to average)
        end=120,
        step=5,
        value=20,
        width=400,
        css_classes=["ue-slider-periphery-wage"],
    )

    def live(v):
        try:
            out = exercises.emmanuel_live(v)
        except UnequalExchangeError as exc:  # the page keeps working
            return pn.pane.HTML(f'<div class="ue-error">error: {html.escape(str(exc))}</div>')
        return pn.pane.HTML(
            f"r = {out['profit_rate']:.1%}; the core gains "
            f'<span class="ue-number" data-var="emmanuel-total">{out["total"]:.4g}</span> = '
            f"{out['wage']:.4g} strict (wage) + {out['composition']:.4g} broad (composition) + "
            f"{out['structural']:.4g} structural"
        )

    return pn.Column(
        pn.pane.Markdown(
            "## Emmanuel (1972): unequal exchange in the strict and broad senses\n"
            "Two countries trade; capital moves and equalises the profit rate, labour does not, "
            "so wages stay unequal. Numbers from `ue.transform` and `ue.decompose`."
        ),
        pn.pane.HTML(_explain("emmanuel")),
        *[_step_view("emmanuel", k, s) for k, s in enumerate(steps)],
        pn.pane.Markdown(
            "**Step 4 (try it).** Raise the periphery's wage towards the core's: which part of "
            "the transfer disappears, and which remains at equal wages?"
        ),
        wage,
        pn.bind(live, wage),
    )


PAGES: dict[str, Callable] = {
    "Mexico–US": lambda scenario: MexicoUSPage(scenario).view(),
    "Capital III ch. 9": capital_iii_page,
    "Emmanuel 1972": emmanuel_page,
}


def build(scenario: str | Scenario = "baseline") -> pn.viewable.Viewable:
    """The whole page for one browser session."""
    tabs = pn.Tabs(*[(title, make(scenario)) for title, make in PAGES.items()], dynamic=False)
    if pn.state.curdoc is not None:
        pn.state.curdoc.title = TITLE
    return pn.Column(pn.pane.Markdown(f"# {TITLE}"), tabs, stylesheets=[CSS])


def check_port(port: int) -> None:
    """Raise OSError with a one-line message if ``port`` on localhost is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise OSError(f"port {port} is in use: choose another with --port") from None


def prepare(scenario: Scenario) -> None:
    """Compile the kernel and compute the starting scenario once: a non-viable scenario raises
    here (NonViableError), before any server starts."""
    # One point per move: the kernel's threads only cost (16 ms against 0.25 ms on a busy
    # machine); this process serves the explorer alone.
    numba.set_num_threads(1)
    core.ExplorerState(scenario)


def serve(scenario: Scenario, port: int, show: bool) -> None:
    """Serve the explorer on http://localhost:``port``/ until Ctrl-C (blocks)."""
    check_port(port)
    pn.extension(raw_css=[CSS])
    pn.serve(
        {"/": lambda: build(scenario)},
        port=port,
        address="localhost",
        websocket_origin=[f"localhost:{port}", f"127.0.0.1:{port}"],
        show=show,
        title=TITLE,
        print=False,
        resources="server",
    )
