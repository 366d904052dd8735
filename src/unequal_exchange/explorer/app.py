"""The explorer page (Panel on a Bokeh server) and :func:`serve`.

Pages, in :data:`PAGES` order: the Mexico–US accounts (channels, formation costs against
remittances, the two splits of the price transfer: Emmanuel's per-hour factors, the default,
and the value-composition factors, the alternative), the four measures of unequal
exchange side by side, the WIOD 1995–2011 series, and the two guided exercises (Capital III
ch. 9, Emmanuel 1972). Every page is built per browser session by a function ``(session) ->
panel object``; a new page is one more entry in :data:`PAGES`.

The two pages with sliders share one scenario per session (:class:`Session`): a move on either
updates the numbers of both; the other page's controls follow once the slider is still.
Conventions (``use == "convention"`` in the parameter registry) are selectors over their
``options``, never sliders: they are scenarios to compare, not real quantities.

Numbers follow the slider as it moves; the figures are redrawn once the controls have been still
for :data:`FIGURE_DELAY_MS`, so a drag never waits for matplotlib. The WIOD series is read from
the user's cache folder, or else computed once, one reduction convention after the other, in a
low-priority child process that then caches it (:data:`WIOD`); the page shows each convention as
soon as it arrives. Everything the page loads
is served by the Bokeh server itself (``resources="server"``): the page works offline.
"""

from __future__ import annotations

import html
import io
import logging
import multiprocessing
import signal
import socket
import threading
import typing
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numba
import numpy as np
import panel as pn
import param
import xarray as xr
from matplotlib.figure import Figure
from tornado.ioloop import IOLoop
from tornado.iostream import StreamClosedError
from tornado.websocket import WebSocketClosedError

from ..errors import UnequalExchangeError
from ..model.mexico_us.parameters import PARAMETERS
from ..scenarios.measures import FAMILIES, SIGN
from ..scenarios.scenario import Scenario
from ..viz import plotting
from ..viz import wiod as viz_wiod
from . import core, exercises

if typing.TYPE_CHECKING:
    from bokeh.server.callbacks import TimeoutCallback

TITLE = "unequal-exchange explorer"
FIGURE_DELAY_MS = 300
FIGURE_DPI = 78
#: one thread draws the figures of every session, off the server's event loop
RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ue-figures")
WIOD_POLL_MS = 1000

# Pages that belong here once the work they show is merged (title -> what they need).
PENDING_PAGES: dict[str, str] = {}

CSS = """
.ue-number { font-variant-numeric: tabular-nums; font-weight: 600; font-size: 1.1em; }
.ue-error { color: #b00020; font-weight: 600; }
.ue-caption { color: #444; font-size: 0.9em; max-width: 46em; }
details.ue-explain summary { color: #1a5fb4; cursor: pointer; font-size: 0.85em; }
details.ue-explain div { font-size: 0.85em; max-width: 40em; color: #333; }
table.ue-table td, table.ue-table th { padding: 2px 10px; text-align: right; }
"""


def _explain(key: str, what: str = "") -> str:
    entry = core.explanations()[key]
    summary = f"explain {what}".strip()
    return (
        f'<details class="ue-explain"><summary>{html.escape(summary)}</summary><div>'
        f"{html.escape(entry['text'])} <em>(docs/model.md {html.escape(entry['section'])})</em>"
        "</div></details>"
    )


#: Panel 1.9 made ``label`` a widget's display label (``name`` is deprecated) and renamed
#: ``button_type`` to ``color`` (holoviz/panel#8328, #8577); older releases know only the old
#: spellings, so the page uses whichever the installed Panel has (no warning on either)
_NEW_WIDGET_API = "label" in pn.widgets.FloatSlider.param and "color" in pn.widgets.Button.param
_BUTTON_COLOR = {"color": "primary"} if _NEW_WIDGET_API else {"button_type": "primary"}


def _label(text: str) -> dict[str, str]:
    """The keyword that sets a widget's display label in the installed Panel."""
    return {"label": text} if _NEW_WIDGET_API else {"name": text}


class NumberBoard(pn.custom.JSComponent):
    """A table of numbers with their labels and "explain" expanders, drawn once in the browser;
    a move sends only ``values`` (key -> [repr of the value, shown number, shown units, and
    optionally a note after the units, the ``ue.measures`` name and the range over conventions
    of :func:`core.range_cell`]) and the page rewrites those cells. One message per move
    instead of one re-rendered pane per number (about 10 ms each in Panel), and an open
    explanation stays open.

    The range is a line under the number: its text and a bar from the lowest to the highest
    value over the conventions, with the default (◆) and the number shown (●) on it."""

    rows = param.List(
        doc="[{key, label, explain, section, note?, measure?} or {heading, note?}] in order"
    )
    values = param.Dict(
        doc="key -> [repr(value), shown number, shown units, extra?, ue.measures name?, "
        "range over conventions?]"
    )
    label_width = param.Integer(default=330, doc="width of the label column, px")

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
          if (row.note) {
            const note = document.createElement('div');
            note.className = 'ue-heading-note';
            note.textContent = row.note;
            th.appendChild(note);
          }
          tr.appendChild(th);
          table.appendChild(tr);
          continue;
        }
        const label = document.createElement('td');
        label.className = 'ue-label';
        label.style.width = model.label_width + 'px';
        label.textContent = row.label;
        if (row.note) {
          const note = document.createElement('div');
          note.className = 'ue-note';
          note.textContent = row.note;
          label.appendChild(note);
        }
        const cell = document.createElement('td');
        const num = document.createElement('span');
        num.className = 'ue-number';
        num.dataset.var = row.key;
        if (row.measure) num.dataset.measure = row.measure;
        const units = document.createElement('span');
        units.className = 'ue-units';
        const extra = document.createElement('span');
        extra.className = 'ue-extra';
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
        const range = document.createElement('div');
        range.className = 'ue-range';
        range.dataset.rangeOf = row.key;
        cell.append(num, ' ', units, extra, range, details);
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
          num.nextSibling.nextSibling.nextSibling.textContent = v.length > 3 ? v[3] : '';
          if (v.length > 4 && v[4]) num.dataset.measure = v[4];
          showRange(table.querySelector(`[data-range-of="${key}"]`), v.length > 5 ? v[5] : null);
        }
      }
      function showRange(el, r) {
        if (!el) return;
        el.replaceChildren();
        for (const k of ['low', 'high', 'default', 'n']) delete el.dataset[k];
        if (!r) return;
        for (const k of ['low', 'high', 'default', 'n']) if (k in r) el.dataset[k] = r[k];
        if (r.at_default !== undefined && r.at_default !== null) {
          const bar = document.createElement('span');
          bar.className = 'ue-range-bar';
          for (const [cls, at] of [['ue-range-default', r.at_default],
                                   ['ue-range-current', r.at_current]]) {
            if (at === null || at === undefined) continue;
            const mark = document.createElement('span');
            mark.className = cls;
            mark.style.left = (100 * at).toFixed(1) + '%';
            bar.appendChild(mark);
          }
          el.appendChild(bar);
        }
        const text = document.createElement('span');
        text.className = 'ue-range-text';
        text.textContent = r.text;
        el.appendChild(text);
      }
      update();
      model.on('values', update);
      return table;
    }
    """

    _stylesheets: typing.ClassVar[list[str]] = [
        """
        table.ue-board td { padding: 3px 8px; vertical-align: top; }
        th.ue-heading { text-align: left; font-size: 1.15em; padding: 14px 8px 4px 8px; }
        div.ue-heading-note { font-weight: normal; font-size: 0.78em; color: #444;
                              max-width: 52em; padding-top: 2px; }
        div.ue-note { font-size: 0.8em; color: #555; }
        .ue-number { font-variant-numeric: tabular-nums; font-weight: 600; font-size: 1.1em; }
        .ue-extra { font-size: 0.85em; color: #333; padding-left: 0.4em; }
        div.ue-range { font-size: 0.78em; color: #555; max-width: 34em; }
        span.ue-range-bar { display: inline-block; position: relative; width: 70px;
                            height: 4px; background: #c8d3e0; margin: 0 6px 2px 0;
                            vertical-align: middle; border-radius: 2px; }
        span.ue-range-default, span.ue-range-current { position: absolute; top: -4px;
                            width: 8px; height: 8px; margin-left: -4px; }
        span.ue-range-default { background: #222; transform: rotate(45deg) scale(0.8); }
        span.ue-range-current { background: #1a5fb4; border-radius: 50%; top: -3px;
                            width: 6px; height: 6px; margin-left: -3px; }
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


def _channel_label(name: str) -> str:
    """The board label of a channel: ``run``'s long_name, with the side of the exchange for the
    price transfer and both sources for the arbitrage rent."""
    label = core.RUN_VARIABLES[name][1]
    if name == "price_transfer":
        return f"{label}: {core.ONE_SIDE}"
    if name == "labour_arbitrage_rent":
        return f"{label} (Foster, McChesney & Jonna 2011; Smith 2016)"
    return label


def _png(draw, ds, figsize) -> bytes:
    """One figure of the page as PNG bytes (thread-safe: no pyplot)."""
    out = io.BytesIO()
    _figure(draw, ds, figsize).savefig(out, format="png", dpi=FIGURE_DPI)
    return out.getvalue()


def _figure(draw, ds, figsize) -> Figure:
    fig = Figure(figsize=figsize, layout="constrained")  # no pyplot: no backend, no leak
    # the scenario's full name lists every override: too long for a title
    ds = ds.assign_attrs(scenario="current scenario")
    ax = fig.subplots()
    draw(ds, ax=ax)
    if figsize[0] < 7:  # a half-width figure: the title and the ticks must fit its width
        ax.set_title(ax.get_title().replace(" (", "\n("), fontsize=9.5)
        ax.tick_params(axis="x", labelsize=7.5)
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
        lambda ds, ax: plotting.strict_broad_waterfall(ds, ax=ax, definition="emmanuel"),
        (5.7, 4.0),
        "The strict/broad split of the price transfer by Emmanuel's per-hour factors (the "
        "default), bn USD/yr (positive = drain from Mexico): the wage-per-hour gap at given "
        "capital per hour (the strict sense), the capital-per-hour gap (the organic composition: "
        "the broad sense), intensity and the structural remainder add up to the total "
        "(docs/model.md §2.3).",
    ),
    (
        lambda ds, ax: plotting.strict_broad_waterfall(ds, ax=ax, definition="value_composition"),
        (5.7, 4.0),
        "The alternative: the same transfer split by rates of surplus value and value "
        "compositions (K/v at actual wages), bn USD/yr; the structural remainder is zero for "
        "these factors. It differs from the default in one respect: switching the rate of "
        "surplus value off moves K with v (K/v kept), and K/v at actual wages contains the wage "
        "gap (docs/model.md §2.3).",
    ),
)

#: what a convention's options read that the registry's labels do not say
CONVENTION_NOTES = {
    "pool_basis": " Hours embodied (1) reads the WIOD 2011 table, whose MEX/USA hours are "
    "extrapolated from 2009 (docs/model.md §3.8).",
    "hours_weighting": " PPP-anchored α = 0.72: PWT 10.01, 2011.",
    "formation_where_trained": " Option 0 counts formation paid in the US as well (an upper "
    "bound rather than an alternative valuation).",
}

#: what a convention is (docs/model.md §3.4)
CONVENTION_DEFINITION = (
    "A convention is a rule of valuation or measurement that no observation can decide (how to "
    "weigh an hour, which capital counts, which pool is traded, how to split the transfer): it "
    "is compared as a scenario, never drawn at random, and never changes a real quantity."
)

#: what the line under each number is (docs/model.md §3.4: a convention is a scenario)
RANGE_NOTE = (
    "Each number is at the conventions selected on the left. Under it: its range over every "
    "combination of the conventions it reads (the levers as set, the other conventions as "
    "selected), ◆ the default (the scenario's own conventions) and ● the number shown. "
    + CONVENTION_DEFINITION
    + " The lows and highs of different lines come from different combinations: they are not "
    "additive across lines."
)

RETURN_RATE_NOTE = (
    "<small><b>Why no <code>return_rate</code> here.</b> The share of the migrant stock that "
    "returns each year acts only in the dynamics (<code>ue.simulate</code>, 1990–2040), where "
    "the stock evolves. This page shows the static 2011 accounts, in which that year's returns "
    "enter directly as <code>returns_per_year</code> (the slider above); a "
    "<code>return_rate</code> slider here would move nothing. Try it with "
    "<code>unequal-exchange simulate --set return_rate=0.05</code>.</small>"
)


class Session:
    """One browser session: the scenario shared by the pages with sliders.

    :meth:`apply` validates one new value; every page then shows the message (error) or its new
    numbers. Controls of the other pages, text fields and figures follow once the controls have
    been still for :data:`FIGURE_DELAY_MS`.
    """

    def __init__(self, scenario: str | Scenario):
        self.scenario_arg = scenario
        self.state = core.ExplorerState(scenario)
        self.pages: list[SliderPage] = []
        self.syncing = False
        self.doc = pn.state.curdoc  # the session's document (None outside a server)
        self._pending: TimeoutCallback | None = None
        # name -> the page whose control moved it (its own widget already shows the value)
        self.moved: dict[str, SliderPage] = {}

    def apply(self, name: str, value) -> bool:
        message = self.state.set(name, value)
        for page in self.pages:
            page.show_error(message)
        if message is not None:
            return False
        for page in self.pages:
            page.update_numbers()
        return True

    def schedule(self) -> None:
        """Redraw the figures and sync the controls once they have been still: a figure takes
        a few hundred ms, and the numbers never wait for it."""
        doc = self.doc or pn.state.curdoc
        if doc is None:  # outside a server session (tests of the page objects)
            self.settle()
            return
        if self._pending is not None:
            try:
                doc.remove_timeout_callback(self._pending)
            except ValueError:  # already fired
                pass
        self._pending = doc.add_timeout_callback(self.settle, FIGURE_DELAY_MS)

    def settle(self) -> None:
        self._pending = None
        moved, self.moved = self.moved, {}
        self.syncing = True
        try:
            for page in self.pages:
                page.sync_controls(moved)
        finally:
            self.syncing = False
        for page in self.pages:
            page.update_figures()


class SliderPage:
    """Levers (sliders with text fields) and conventions (selectors) on the left; a subclass
    draws its numbers and figures on the right (:meth:`update_numbers`, :meth:`outputs`)."""

    slug = "sliders"  # the page's css class: ue-page-<slug>
    #: controls that move no number of this page: greyed out, with a note (they stay usable,
    #: since the scenario is shared with the other pages)
    no_effect: frozenset[str] = frozenset()

    def __init__(self, session: Session):
        self.session = session
        self.state = session.state
        self.error = pn.pane.HTML("", css_classes=["ue-error-pane"], min_height=24)
        self.sliders: dict[str, pn.widgets.FloatSlider] = {}
        self.texts: dict[str, pn.widgets.TextInput] = {}
        self.selects: dict[str, pn.widgets.Select] = {}
        self.download = pn.widgets.FileDownload(
            callback=lambda: io.StringIO(self.state.toml_text()),
            filename="scenario.toml",
            label="Download this scenario as TOML (unequal-exchange run FILE reproduces it)",
            **_BUTTON_COLOR,
            css_classes=["ue-download"],
        )
        session.pages.append(self)

    # -------------------------------------------------------------------- controls
    def _control(self, control: core.Control) -> pn.Column:
        spec = control.parameter
        value = self.state.value(control.name)
        slider = pn.widgets.FloatSlider(
            **_label(control.label),
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
        return pn.Column(
            pn.Row(slider, text),
            pn.pane.HTML(
                self._no_effect_note(control.name)
                + f"<small>{html.escape(spec.description)}; valid domain {spec.domain()}</small>",
                max_width=400,
                margin=(0, 10),
            ),
            margin=(0, 0, 6, 0),
            **self._greyed(control.name),
        )

    def _no_effect_note(self, name: str) -> str:
        return (
            '<small class="ue-no-effect"><b>no effect on this page</b> (it acts on the '
            "Mexico–US page)</small><br>"
            if name in self.no_effect
            else ""
        )

    def _greyed(self, name: str) -> dict:
        if name not in self.no_effect:
            return {}
        return {"styles": {"opacity": "0.5"}, "css_classes": [f"ue-no-effect-{name}"]}

    def _convention(self, name: str) -> pn.Column:
        spec = PARAMETERS[name]
        value = self.state.value(name)
        options = core.convention_options(name, value)
        select = pn.widgets.Select(
            **_label(f"convention: {name}"),
            options=options,
            value=next(v for v in options.values() if np.isclose(v, value)),
            width=420,
            css_classes=[f"ue-convention-{name}"],
            stylesheets=["select { font-size: 11.5px; }"],  # the registry's labels are long
        )
        select.param.watch(lambda e, n=name: self._on_select(n, e.new), "value")
        self.selects[name] = select
        kind = "measurement" if spec.measurement else "valuation"
        return pn.Column(
            select,
            pn.pane.HTML(
                self._no_effect_note(name)
                + f"<small>A <b>{kind} convention</b> ({html.escape(spec.description)}): a "
                "scenario to compare, not a real quantity."
                + CONVENTION_NOTES.get(name, "")
                + "</small>"
                + _explain(name),
                max_width=400,
                margin=(0, 10),
            ),
            margin=(0, 0, 6, 0),
            **self._greyed(name),
        )

    def controls(self) -> pn.Column:
        out: list[pn.viewable.Viewable] = []
        group = None
        for control in core.CONTROLS:
            if control.group != group:
                group = control.group
                out.append(pn.pane.Markdown(f"#### {group}", margin=(4, 5, 0, 5)))
            out.append(self._control(control))
        out.append(pn.pane.HTML(RETURN_RATE_NOTE, max_width=400, margin=(0, 10)))
        out.append(
            pn.pane.Markdown(
                "#### conventions (scenarios to compare, not levers)", margin=(4, 5, 0, 5)
            )
        )
        out += [self._convention(name) for name in core.CONVENTION_NAMES]
        return pn.Column(*out, width=420)

    def _on_slider(self, name: str, value: float) -> None:
        if self.session.syncing:
            return
        # 0.1 + 20 × 0.005 arrives as 0.19999999999999998: keep the decimal the slider shows
        self.session.apply(name, float(f"{value:.12g}"))
        self.session.moved[name] = self
        self.session.schedule()

    def _on_text(self, name: str, text: str) -> None:
        if self.session.syncing:
            return
        if self.session.apply(name, text):
            value = self.state.value(name)
            slider = self.sliders[name]
            self.session.syncing = True
            try:
                slider.start, slider.end = min(slider.start, value), max(slider.end, value)
                slider.value = value
            finally:
                self.session.syncing = False
            self.session.moved[name] = self
            self.session.schedule()

    def _on_select(self, name: str, value: float) -> None:
        if self.session.syncing:
            return
        self.session.apply(name, float(value))
        self.session.moved[name] = self
        self.session.schedule()

    def sync_controls(self, moved: dict[str, SliderPage]) -> None:
        """Show the state's value in this page's controls of the ``moved`` names (the session
        is ``syncing``: the widgets' watchers do nothing). The control that moved is left alone:
        it shows the value already, and setting it while the student's next move is on its way
        would send the old value back to the browser and lose that move."""
        for name, origin in moved.items():
            value = self.state.value(name)
            if name in self.sliders:
                self.texts[name].value = f"{value:.12g}"
                if origin is self:
                    continue
                slider = self.sliders[name]
                slider.start, slider.end = min(slider.start, value), max(slider.end, value)
                slider.value = value
            elif name in self.selects and origin is not self:
                select = self.selects[name]
                match = [v for v in select.options.values() if np.isclose(v, value)]
                if match:
                    select.value = match[0]

    def show_error(self, message: str | None) -> None:
        self.error.object = (
            ""
            if message is None
            else f'<div class="ue-error" role="alert">error: {html.escape(message)}</div>'
            "<small>The numbers below are still those of the last valid scenario.</small>"
        )

    # -------------------------------------------------------------------- outputs
    def update_numbers(self) -> None:
        raise NotImplementedError

    def update_figures(self) -> None:
        """Redraw this page's figures (none by default)."""

    def outputs(self) -> list:
        raise NotImplementedError

    def view(self) -> pn.Row:
        left = pn.Column(
            pn.pane.Markdown(
                "Move a slider (mouse or arrow keys) or type a value and press Enter. Numbers "
                "follow the slider; figures redraw when it stops. The Mexico–US and measures "
                "pages share one scenario.",
                width=420,
            ),
            self.controls(),
            pn.pane.HTML(
                "<b>When is a scenario not viable?</b>" + _explain("non_viable"), width=420
            ),
            width=440,
        )
        return pn.Row(
            left, pn.Column(self.error, *self.outputs()), css_classes=[f"ue-page-{self.slug}"]
        )


class MexicoUSPage(SliderPage):
    """The channels of ``ue.run``, formation costs against remittances, and the two splits of
    the price transfer (Emmanuel's per-hour factors, the default, beside the value-composition
    factors, the alternative), with the figures."""

    slug = "mexico-us"

    def __init__(self, session: Session | str | Scenario):
        if not isinstance(session, Session):
            session = Session(session)
        super().__init__(session)
        self.board = NumberBoard(
            rows=[
                {
                    "heading": "Channels of the drain from Mexico (2011 calibration; scenario "
                    f"{self.state.base.name})",
                    "note": RANGE_NOTE,
                },
                *_board_rows(
                    {n: _channel_label(n) for n in core.CHANNEL_ROWS},
                    {n: n for n in core.CHANNEL_ROWS},
                ),
                {
                    "heading": "Rates of surplus value s/v on the traded product",
                    "note": "at the hours convention selected on the left (docs/model.md §3.2)",
                },
                *_board_rows(
                    {n: core.RUN_VARIABLES[n][1] for n in core.RATE_ROWS},
                    {n: "rate_of_surplus_value" for n in core.RATE_ROWS},
                ),
                {
                    "heading": "Formation costs of the migrant stock against remittances",
                    "note": "where the conventions formation_where_trained and discount_rate "
                    "act (docs/model.md §3.3.1)",
                },
                *_board_rows(
                    {n: core.RUN_VARIABLES[n][1] for n in core.MIGRATION_ROWS},
                    {
                        "training_cost_stock": "training_cost_stock",
                        "reproduction_cost_stock": "reproduction_cost_transfer",
                        "stock_formation_cost_annuity": "stock_formation_cost_annuity",
                        "remittances": "discount_rate",
                        "remittance_cover_of_annuity": "stock_formation_cost_annuity",
                    },
                ),
            ],
            width=720,
        )
        texts = core.explanations()
        self.marx = NumberBoard(
            rows=[
                {
                    "heading": "Alternative: rates of surplus value and value compositions "
                    "(K/v at actual wages)",
                    "note": "switches off differences in the rate of surplus value holding "
                    "K/v fixed, so K moves with v; K/v at actual wages contains the wage gap",
                },
                *[
                    {
                        "key": f"marx-{f}",
                        "label": core.MARX_LABELS[f],
                        "explain": texts[key]["text"],
                        "section": texts[key]["section"],
                    }
                    for f in core.MARX_ROWS
                    for key in [
                        "value_composition_structural"
                        if f == "structural"
                        else "value_composition_split"
                    ]
                ],
            ],
            label_width=190,
            width=370,
        )
        self.emmanuel = NumberBoard(
            rows=[
                {
                    "heading": "Default: Emmanuel's per-hour factors",
                    "note": "switches off wage-per-hour differences holding capital per hour "
                    "fixed (the world's wage bill and capital are conserved)",
                },
                *_board_rows(
                    {f"split-{f}": core.SPLIT_LABELS[f] for f in core.SPLIT_ROWS},
                    {
                        f"split-{f}": "structural" if f == "structural" else "emmanuel_split"
                        for f in core.SPLIT_ROWS
                    },
                ),
            ],
            label_width=190,
            width=370,
        )
        self.strict = pn.pane.HTML("", width=740, css_classes=["ue-strict-range"])
        self.figures_of = pn.pane.HTML("")
        self.figures = [
            pn.pane.PNG(None, width=round(size[0] * FIGURE_DPI), height=round(size[1] * FIGURE_DPI))
            for _, size, _ in FIGURES
        ]
        self._drawing = 0  # generation of the latest figures asked for
        self.update_numbers()
        self.update_figures()

    def update_numbers(self) -> None:
        acc, ranges = self.state.accounts, self.state.ranges

        def cell(key: str) -> dict:
            return core.range_cell(ranges[key], core.units_of(key))

        values: dict[str, list] = {}
        for name in (*core.CHANNEL_ROWS, *core.RATE_ROWS, *core.MIGRATION_ROWS):
            value, number, units, _ = core.row(acc, name)
            note = (
                core.NEGATIVE_US_RATE_NOTE
                if name == "us_rate_of_surplus_value" and value < 0
                else ""
            )
            values[name] = [repr(value), number, units, note, None, cell(name)]
        self.board.values = values
        self.strict.object = _senses_html(core.strict_range(acc), ranges)
        self.marx.values = {
            f"marx-{f}": [repr(v), n, u, "", None, cell(f"marx-{f}")]
            for f in core.MARX_ROWS
            for v, n, u, _ in [core.marx_row(acc, f)]
        }
        self.emmanuel.values = {
            f"split-{f}": [repr(v), n, u, "", None, cell(f"split-{f}")]
            for f in core.SPLIT_ROWS
            for v, n, u, _ in [core.split_row(acc, f)]
        }

    def update_figures(self) -> None:
        """Draw the figures of the current scenario in :data:`RENDERER`'s thread and show them
        on the next tick of the session: matplotlib takes a few hundred ms per figure on a busy
        machine, and the next slider move must not wait for it."""
        ds, name = self.state.result, self.state.scenario.name
        self._drawing += 1
        generation = self._drawing

        def draw() -> list[bytes]:
            return [_png(f, ds, size) for f, size, _ in FIGURES]

        def show(pngs: list[bytes]) -> None:
            if generation != self._drawing:  # a newer scenario is being drawn
                return
            for pane, png in zip(self.figures, pngs, strict=True):
                pane.object = png
            self.figures_of.object = (
                f'<small class="ue-figures-of">Figures of: {html.escape(name)}</small>'
            )

        doc = self.session.doc
        if doc is None:  # outside a server session (tests of the page objects)
            show(draw())
            return
        RENDERER.submit(lambda: doc.add_next_tick_callback(partial(show, draw())))

    def outputs(self) -> list:
        figures = []
        for pane, (_, _, caption) in zip(self.figures, FIGURES, strict=True):
            figures.append(
                pn.Column(pane, pn.pane.HTML(f'<p class="ue-caption">{caption}</p>', width=440))
            )
        return [
            self.board,
            pn.pane.HTML(
                "<b>The price transfer split two ways</b> (bn USD/yr, + = drain from Mexico; "
                "each split adds up to the price transfer above)",
                margin=(10, 10, 0, 10),
            ),
            pn.Row(self.emmanuel, self.marx),
            self.strict,
            self.download,
            self.figures_of,
            figures[0],
            pn.Row(figures[1], figures[2]),
        ]


def _range_span(key: str, r: core.ConventionRange) -> str:
    return (
        f'<span class="ue-number" data-var="{key}-low" data-value="{r.low!r}">'
        f"{r.low / 1e9:,.1f}</span> to "
        f'<span class="ue-number" data-var="{key}-high" data-value="{r.high!r}">'
        f"{r.high / 1e9:,.1f}</span>"
    )


def _senses_html(strict: tuple[float, float], ranges: dict[str, core.ConventionRange]) -> str:
    """The strict sense at the conventions selected (Emmanuel's per-hour factors, the default,
    and the value-composition factors, the alternative), then the strict and broad senses over
    every price convention, each factor definition's range separately (docs/model.md §3.4)."""
    emmanuel, value_composition = strict
    lines = [
        "<b>strict sense:</b> "
        f'<span class="ue-number" data-var="strict-emmanuel" data-value="{emmanuel!r}">'
        f"{emmanuel / 1e9:,.1f}</span> (Emmanuel's per-hour factors, the default: wage per hour "
        "at given capital per hour) – "
        f'<span class="ue-number" data-var="strict-marx" data-value="{value_composition!r}">'
        f"{value_composition / 1e9:,.1f}</span> (the alternative: rate of surplus value at given "
        "K/v) bn USD/yr at the conventions selected: the range over the factor definition."
    ]
    for key, sense in (("strict", "strict"), ("broad", "broad")):
        r = ranges[key]
        parts = []
        for definition, factor, prefix in zip(
            core.FACTOR_DEFINITIONS, core.SENSES[key], ("split", "marx"), strict=True
        ):
            part = f"{prefix}-{factor}"
            d = ranges[part]
            names = " × ".join(c.replace("_", " ") for c in d.conventions) or "no convention"
            label = html.escape(definition, quote=False)
            parts.append(
                f'<span data-definition="{html.escape(part)}">{label} '
                f"{_range_span(f'{key}-{part}', d)} ({d.n} combinations of {html.escape(names)}"
                + (f", {d.not_viable} not viable" if d.not_viable else "")
                + ")</span>"
            )
        shown = "shown above" if r.at_default else "not the conventions selected"
        lines.append(
            f'<span class="ue-sense-range" data-range-of="{key}" data-n="{r.n}" '
            f'data-low="{r.low!r}" data-high="{r.high!r}">'
            f"<b>{sense} sense over every convention</b> (bn USD/yr): "
            + "; ".join(parts)
            + f"; ◆ default {r.default / 1e9:,.1f} (Emmanuel's per-hour factors at the "
            f"scenario's conventions, {shown}).</span>"
        )
    lines.append(
        "Each definition's range is shown separately, and the lows and highs of different lines "
        "come from different combinations: they are not additive across lines. The two splits "
        "are alternative factorisations of the same transfer. Emmanuel's (the default) switches "
        "off wage-per-hour differences holding capital per hour fixed. The alternative switches "
        "off differences in the rate of surplus value holding K/v fixed, so K moves with v; and "
        "since v is the wage bill, K/v at actual wages contains the wage gap."
    )
    return "<br>".join(lines)


class MeasuresPage(SliderPage):
    """The four measures of ``ue.measures`` side by side (and the ownership channel and the
    arbitrage rent beside them), at the session's scenario."""

    slug = "measures"
    no_effect = frozenset(
        {"formation_where_trained", "discount_rate", "emigration_per_year", "returns_per_year"}
    )

    def __init__(self, session: Session):
        super().__init__(session)
        texts = core.explanations()
        rows: list[dict] = []
        measures = core.fast_measures(self.state.scenario, self.state.accounts)
        seen = set()
        for m in measures:
            heading, explain = core.MEASURE_FAMILIES[m.family]
            if m.family not in seen:
                seen.add(m.family)
                fam = FAMILIES[m.family]
                rows.append(
                    {
                        "heading": heading,
                        "note": f"Concept: {fam.concept}. Scope: {m.scope}; year 2011 (stylised "
                        f"calibration). Includes {fam.includes}; excludes {fam.excludes}. "
                        f"Overlaps: {fam.overlaps}. Source: {fam.citation}.",
                    }
                )
            rows.append(
                {
                    "key": m.key,
                    "label": m.label,
                    "measure": m.measure,
                    "explain": texts[explain]["text"],
                    "section": texts[explain]["section"],
                }
            )
        self.board = NumberBoard(rows=rows, label_width=300, width=760)
        self.update_numbers()

    def update_numbers(self) -> None:
        values = {}
        state = self.state
        measures = core.fast_measures(state.scenario, state.accounts)
        ranges = core.measure_ranges(state.scenario, state.base, state.ranges, measures)
        for m in measures:
            number, units = core.display(m.value, "USD/yr")
            extra = f"= {100 * m.share_gdp:,.2f} % of Mexican GDP"
            if np.isfinite(m.hours):
                extra += f"; {m.hours / 1e9:,.2f} bn h/yr"
            cell = core.range_cell(ranges[m.key], "USD/yr")
            values[m.key] = [repr(m.value), number, units, extra, m.measure, cell]
        self.board.values = values

    def outputs(self) -> list:
        return [
            pn.pane.HTML(
                "<h3 style='margin:4px 0'>Four measures of unequal exchange, side by side "
                "(<code>ue.measures</code>)</h3>"
                f"<p class='ue-caption'>The same 2011 data measured four ways; USD per year, "
                f"{html.escape(SIGN)}. The price-of-production and captured − produced rows "
                "are computed at the price conventions selected on the left (capital_basis, "
                "hours_weighting, pool_basis; <code>unequal-exchange measures</code> lists all "
                "12 combinations); under each number, its range over every combination of the "
                "conventions it reads, ◆ the default (the scenario's own conventions) and ● the "
                "number shown. "
                "Measures that overlap are alternative measurements of one flow: never add "
                "them.</p>" + _explain("measures_overlap"),
                width=760,
            ),
            self.board,
            self.download,
        ]


class WiodCache:
    """The WIOD series: read from the cache on disk (:func:`core.load_wiod_cache`, the user's
    cache folder, keyed by the package version and a hash of the shipped data and the model's
    sources), else computed once per server in a child process, one reduction convention after
    the other (the default first), which then writes the cache; :meth:`poll` collects what has
    arrived."""

    def __init__(self):
        self.results: dict[str, xr.Dataset] = {}
        self.error: str | None = None
        self.from_cache = False
        self._proc = None
        self._conn = None

    def start(self) -> None:
        if self._proc is not None or self.from_cache:
            return
        cached = core.load_wiod_cache(core.WIOD_REDUCTIONS)
        if cached is not None:
            self.results.update(cached)
            self.from_cache = True
            return
        self._spawn()

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a server with threads
        recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(
            target=core.wiod_worker, args=(send, core.WIOD_REDUCTIONS), daemon=True
        )
        self._proc.start()
        send.close()
        self._conn = recv

    def poll(self) -> bool:
        """Collect finished conventions; True once every convention is here (or failed)."""
        self.start()
        while self._conn is not None and self._conn.poll():
            try:
                convention, payload = self._conn.recv()
            except (EOFError, OSError):
                self._conn = None
                break
            if convention is None:
                self.error = payload
            else:
                self.results[convention] = payload
        if self._conn is None and len(self.results) < len(core.WIOD_REDUCTIONS):
            self.error = self.error or "the WIOD computation stopped"
        return self.error is not None or len(self.results) == len(core.WIOD_REDUCTIONS)

    def stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(5)


WIOD = WiodCache()

WIOD_CAPTION = (
    "Net bilateral transfer from Mexico on the WIOD 2013 tables (MEX–USA, RoW exogenous), % of "
    "Mexican value added at basic prices, + = Mexico loses. Top: every complex-labour reduction "
    "at the traded-product MELT with all capital (thin, from <code>viz.wiod.wiod_series</code>; "
    "dashed: the seller side alone) and, thick black, the choice above. Bottom: hours embodied "
    "per USD of Mexican (gross) exports to the USA over hours per USD of US (gross) exports to "
    "Mexico: gross exports, so returned content is counted twice (docs/model.md §7). Shaded: "
    "2010–2011, labour and skill data carried forward from 2009, capital as the 2007–09 mean "
    "K/VA × VA."
)


class WiodPage:
    """The 1995–2011 series under a choice of reduction, MELT basis and capital scope."""

    def __init__(self, session: Session | None = None):
        self.convention = pn.widgets.Select(
            **_label("convention: complex-labour reduction"),
            options={viz_wiod.CONVENTION_LABELS[c]: c for c in core.WIOD_REDUCTIONS},
            value=core.WIOD_DEFAULT["convention"],
            width=420,
            css_classes=["ue-wiod-convention"],
        )
        self.melt = pn.widgets.Select(
            **_label("convention: MELT basis (USD per hour)"),
            options={core.WIOD_MELT_LABELS[b]: b for b in core.WIOD_MELT_BASES},
            value=core.WIOD_DEFAULT["melt_basis"],
            width=420,
            css_classes=["ue-wiod-melt"],
        )
        self.scope = pn.widgets.Select(
            **_label("convention: capital in the profit-rate equalisation"),
            options={core.WIOD_SCOPE_LABELS[s]: s for s in core.WIOD_CAPITAL_SCOPES},
            value=core.WIOD_DEFAULT["capital_scope"],
            width=420,
            css_classes=["ue-wiod-scope"],
        )
        self.status = pn.pane.HTML("", css_classes=["ue-wiod-status"])
        self.table = pn.pane.HTML("", css_classes=["ue-wiod-table"])
        self.figure = pn.pane.PNG(
            None, width=round(9.0 * FIGURE_DPI), height=round(6.4 * FIGURE_DPI)
        )
        self.figure_of = pn.pane.HTML("")
        self._shown: tuple | None = None
        self._callback = None
        for w in (self.convention, self.melt, self.scope):
            w.param.watch(lambda e: self.update(), "value")
        done = WIOD.poll()
        self.update()
        self._doc = pn.state.curdoc  # the session's document: the poll is removed from it
        if not done and self._doc is not None:
            self._callback = self._doc.add_periodic_callback(self._poll, WIOD_POLL_MS)

    def _poll(self) -> None:
        done = WIOD.poll()
        self.update()
        if done and self._callback is not None and self._doc is not None:
            self._doc.remove_periodic_callback(self._callback)
            self._callback = None

    def choice(self) -> tuple[str, str, str]:
        return self.convention.value, self.melt.value, self.scope.value

    def update(self) -> None:
        have = [c for c in core.WIOD_REDUCTIONS if c in WIOD.results]
        key = (self.choice(), tuple(have))
        if key == self._shown:
            return
        self._shown = key
        convention, melt, scope = self.choice()
        missing = len(core.WIOD_REDUCTIONS) - len(have)
        if WIOD.error:
            self.status.object = f'<div class="ue-error">error: {html.escape(WIOD.error)}</div>'
        elif missing:
            self.status.object = (
                f"<small><i>Computing the 1995–2011 series on the WIOD tables (about 10 s per "
                f"reduction on a quiet machine; once, then it is cached on disk): {len(have)} of "
                f"{len(core.WIOD_REDUCTIONS)} reductions ready.</i></small>"
            )
        else:
            self.status.object = ""
        if convention not in WIOD.results:
            self.table.object = (
                f'<p class="ue-wiod-waiting">The series under "{html.escape(convention)}" is '
                "still being computed; it appears here by itself.</p>"
            )
            self.figure.object = None
            return
        series = core.wiod_choice(WIOD.results[convention], convention, melt, scope)
        choice = self.choice()
        self.table.object = _wiod_table(series, choice)
        doc = pn.state.curdoc
        if doc is None:  # outside a server session
            self.figure.object = _wiod_png(series, have, choice)
            self.figure_of.object = _figure_of(choice)
            return

        def show(png: bytes) -> None:
            if self._shown == key:  # still the choice asked for
                self.figure.object = png
                self.figure_of.object = _figure_of(choice)

        RENDERER.submit(
            lambda: doc.add_next_tick_callback(partial(show, _wiod_png(series, have, choice)))
        )

    def view(self) -> pn.Row:
        left = pn.Column(
            pn.pane.Markdown(
                "## The WIOD series, 1995–2011\n"
                "The Mexico–US transfer on the observed world input–output tables (WIOD 2013 "
                "release, Timmer et al. 2015; `ue.run_wiod`). Choose the conventions; the "
                "defaults are those of docs/model.md §7:\n\n"
                "- default (headline): **simple labour** (every hour equal), the same "
                "equal-hours convention as the stylised default; preferred complex-labour "
                "reduction: **wage, with US skill-wage ratios** (national ratios would read "
                "Mexico's steeper wage dispersion as complexity);\n"
                "- the **MELT of the traded product**, the one consistent with the pool "
                "normalisation (the others move the USD figure by a factor of about five; the "
                "hours do not depend on it);\n"
                "- **every industry's capital** in the profit-rate equalisation.",
                width=440,
            ),
            self.convention,
            pn.pane.HTML(_explain("wiod_reduction"), max_width=420, margin=(0, 10)),
            self.melt,
            pn.pane.HTML(_explain("wiod_melt"), max_width=420, margin=(0, 10)),
            self.scope,
            pn.pane.HTML(_explain("wiod_scope"), max_width=420, margin=(0, 10)),
            pn.pane.HTML(
                "<small>These conventions value the same observed economy in different ways: "
                "hours, output, exports and embodied hours are the same under every choice."
                "</small>",
                max_width=420,
                margin=(6, 10),
            ),
            width=460,
        )
        right = pn.Column(
            self.status,
            pn.pane.HTML(
                "<b>Net bilateral transfer from Mexico</b> (value given in its exports to the "
                "USA minus value received in its imports, less the net money claim; + = Mexico "
                "loses), beside its <b>seller side</b> (Mexico's loss on its exports alone, the "
                "side the stylised pages report). The USD shares depend on the MELT basis; the "
                "share of Mexican hours worked does not."
                + _explain("wiod_net", "the net bilateral transfer")
                + _explain("wiod_hours_ratio", "the hours ratio in trade"),
                width=700,
            ),
            self.table,
            self.figure_of,
            self.figure,
            pn.pane.HTML(f'<p class="ue-caption">{WIOD_CAPTION}</p>', width=700),
        )
        return pn.Row(left, right, css_classes=["ue-page-wiod"])


def _wiod_table(series: dict, choice: tuple[str, str, str]) -> str:
    convention, melt, scope = choice
    head = (
        "<tr><th>year</th><th>net, % of MX VA [a]</th><th>net, bn USD/yr</th>"
        "<th>seller side, bn USD/yr</th><th>seller side, % of MX VA [a]</th>"
        "<th>net, bn h/yr</th><th>net, % of MX hours [b]</th><th>MELT, USD/h</th>"
        "<th>hours ratio in trade [1]</th></tr>"
    )
    body = []
    for i, year in enumerate(series["year"]):
        star = " *" if series["extrapolated"][i] else ""
        cells = [
            (f"wiod-share-{year}", series["share_gdp"][i], f"{100 * series['share_gdp'][i]:.2f}"),
            (f"wiod-usd-{year}", series["usd"][i], f"{series['usd'][i] / 1e9:,.1f}"),
            (
                f"wiod-seller-{year}",
                series["seller_usd"][i],
                f"{series['seller_usd'][i] / 1e9:,.1f}",
            ),
            (
                f"wiod-seller-share-{year}",
                series["seller_share_gdp"][i],
                f"{100 * series['seller_share_gdp'][i]:.2f}",
            ),
            (f"wiod-hours-{year}", series["hours"][i], f"{series['hours'][i] / 1e9:,.2f}"),
            (
                f"wiod-mxhours-{year}",
                series["share_mx_hours"][i],
                f"{100 * series['share_mx_hours'][i]:.2f}",
            ),
            (f"wiod-melt-{year}", series["melt"][i], f"{series['melt'][i]:,.2f}"),
            (f"wiod-ratio-{year}", series["hours_ratio"][i], f"{series['hours_ratio'][i]:.2f}"),
        ]
        tds = "".join(
            f'<td><span class="ue-number" data-var="{k}" data-value="{float(v)!r}">{t}</span></td>'
            for k, v, t in cells
        )
        body.append(f"<tr><th>{year}{star}</th>{tds}</tr>")
    return (
        f'<table class="ue-table" data-choice="{html.escape(",".join(choice))}">'
        f"{head}{''.join(body)}</table>"
        f"<small>reduction {html.escape(convention)}, MELT {html.escape(melt)}, capital "
        f"{html.escape(scope)}. [a] % of Mexican value added (basic prices); [b] % of Mexican "
        "hours worked (no MELT enters). The seller side is Mexico's loss on its exports to the USA "
        "(Emmanuel's producer-side account; with two countries the net is twice it). The USD "
        "shares depend on the MELT basis; the share of Mexican hours worked does not. * = "
        "labour and skill data carried forward from 2009, capital as the 2007–09 mean K/VA × VA"
        "</small>"
    )


def _figure_of(choice: tuple[str, str, str]) -> str:
    return f'<small class="ue-wiod-figure-of">Figure of: {html.escape(", ".join(choice))}</small>'


def _wiod_png(series: dict, have: list[str], choice: tuple[str, str, str]) -> bytes:
    out = io.BytesIO()
    _wiod_figure(series, have, choice).savefig(out, format="png", dpi=FIGURE_DPI)
    return out.getvalue()


def _wiod_figure(series: dict, have: list[str], choice: tuple[str, str, str]) -> Figure:
    fig = Figure(figsize=(9.0, 6.4), layout="constrained")
    ax_t, ax_h = fig.subplots(2, 1, sharex=True, height_ratios=(1.6, 1))
    ds = xr.concat(
        [WIOD.results[c] for c in have],
        dim="convention",
        data_vars="minimal",
        coords="minimal",
        compat="override",
    )
    viz_wiod.wiod_series(ds, axes=(ax_t, ax_h))
    for line in ax_t.get_lines():
        line.set_linewidth(0.9)
    ax_t.plot(
        series["year"],
        100 * series["share_gdp"],
        color="k",
        lw=2.6,
        zorder=5,
        label="your choice: " + ", ".join(choice),
    )
    top = max(ax_t.get_ylim()[1], 1.1 * float(np.nanmax(100 * series["share_gdp"])))
    low = min(0.0, float(np.nanmin(100 * series["share_gdp"])))
    ax_t.set_ylim(low - 0.3 * (top - low), top)  # room for the legend under the lines
    ax_t.legend(fontsize=7.5, loc="lower left", frameon=False, ncol=2)
    return fig


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


def capital_iii_page(session=None) -> pn.Column:
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


def emmanuel_page(session=None) -> pn.Column:
    steps = exercises.emmanuel_steps()
    at_equal = exercises.emmanuel_live(100.0)
    wage = pn.widgets.FloatSlider(
        **_label("periphery wage v (the core keeps v = 100, s = 20)"),
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
            f"{out['structural']:.4g} structural, by Emmanuel's factors"
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
            f"**Step {len(steps) + 1} (try it).** Raise the periphery's wage towards the "
            "core's: which part of the transfer disappears, and which remains at equal wages? "
            f"(At v = 100 in both the broad part is not Step 1's 20 but "
            f"{at_equal['composition']:.2f}: the higher periphery wage lowers s, so r falls from "
            f"{float(exercises.emmanuel_live(20.0)['profit_rate']):.0%} to "
            f"{at_equal['profit_rate']:.0%}.)",
            width=620,
        ),
        wage,
        pn.bind(live, wage),
    )


PAGES: dict[str, Callable] = {
    "Mexico–US": lambda session: MexicoUSPage(session).view(),
    "Measures side by side": lambda session: MeasuresPage(session).view(),
    "WIOD 1995–2011": lambda session: WiodPage(session).view(),
    "Capital III ch. 9": capital_iii_page,
    "Emmanuel 1972": emmanuel_page,
}


def build(scenario: str | Scenario = "baseline") -> pn.viewable.Viewable:
    """The whole page for one browser session."""
    session = Session(scenario)
    tabs = pn.Tabs(*[(title, make(session)) for title, make in PAGES.items()], dynamic=False)
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
    WIOD.start()  # the WIOD series, in a child process, while the server starts


# what the web server logs while it stops: requests of an open tab cut off mid-way
_SERVER_LOGGERS = ("tornado.application", "tornado.general", "tornado.access", "bokeh")


def _stop_quietly(signum, frame) -> None:
    """Ctrl-C: the user asked the server to stop, so the errors of the requests it cuts off
    (an open tab's) are not reported as tracebacks; then stop as Python's default does."""
    for name in _SERVER_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    raise KeyboardInterrupt


def _ignore_closed_sockets(loop, context) -> None:
    if not isinstance(context.get("exception"), (WebSocketClosedError, StreamClosedError)):
        loop.default_exception_handler(context)


def serve(scenario: Scenario, port: int, show: bool) -> None:
    """Serve the explorer on http://localhost:``port``/ until Ctrl-C (blocks)."""
    check_port(port)
    pn.extension(raw_css=[CSS])
    # Ctrl-C with a tab still open leaves that tab's socket tasks failing with "closed": not
    # an error of the user's, and no traceback on the terminal (others are reported as usual)
    IOLoop.current().asyncio_loop.set_exception_handler(_ignore_closed_sockets)
    main = threading.current_thread() is threading.main_thread()  # signals: main thread only
    previous = signal.signal(signal.SIGINT, _stop_quietly) if main else None
    try:
        pn.serve(
            {"/": lambda: build(scenario)},
            port=port,
            address="localhost",
            websocket_origin=[f"localhost:{port}", f"127.0.0.1:{port}"],
            show=show,
            title=TITLE,
            print=False,
            verbose=False,  # the command prints the address once itself
            resources="server",
        )
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    WIOD.stop()
