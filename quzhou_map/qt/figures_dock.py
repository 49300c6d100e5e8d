"""The figures dock: the article's city-wide numbers drawn as charts (QtCharts), each under its quote.

The charts come from ``quzhou_map.core.figures`` (the dataset's figures); this only draws them, in the
interface's language. A chart's quote selects the site it belongs to and goes to its passage; each chart
saves as PNG or SVG. Imported when the dock is first shown: QtCharts stays off the start-up path.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QDockWidget, QFileDialog, QFrame, QHBoxLayout, QLabel, QMenu, QMessageBox, QScrollArea, QToolButton, QVBoxLayout,
    QWidget,
)

from quzhou_map.core.figures import ChartSpec, bar_label, bar_text, city_charts, wrapped
from quzhou_map.core.state import AppState

# Fonts with Han glyphs, the first installed one draws the charts (an SVG then names a font that has them).
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
             "Heiti SC", "SimHei")
SERIES_COLOURS = ("#1565c0", "#2e7d32")
CHART_HEIGHT = 260
# Height per horizontal bar (its label has up to three lines), of the value axis and of the title.
BAR_ROOM = 62
AXIS_ROOM = 70
TITLE_ROOM = 30
# Characters (a Han character counts two) per line of a bar's label.
LABEL_WIDTH = {"columns": 14, "bars": 18}


def chart_font_family() -> str:
    """An installed font with Chinese glyphs, else the application's font (and Qt's fallback)."""
    installed = set(QFontDatabase.families())
    return next((family for family in CJK_FONTS if family in installed), QFont().family())


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(chart_font_family())
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def build_charts(spec: ChartSpec, language: str) -> list[QChart]:
    """The chart, one QChart per unit (QtCharts would set bar series of one chart side by side): a column per
    period for a quantity over time, else a horizontal bar per figure. The first carries the title; each bar's
    category names it and gives its figure as a person says it."""
    return [_unit_chart(spec, number, language) for number in range(len(spec.series))]


def _unit_chart(spec: ChartSpec, number: int, language: str) -> QChart:
    series_spec = spec.series[number]
    chart = QChart()
    if number == 0:
        chart.setTitle(spec.title(language))
        chart.setTitleFont(_font(10.5, bold=True))
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.legend().hide()
    horizontal = not spec.over_time
    width = LABEL_WIDTH["bars" if horizontal else "columns"]
    categories = ["<br>".join([*wrapped(bar_label(bar, language), width), f"<b>{escape(bar_text(bar, language))}</b>"])
                  for bar in series_spec.bars]
    heights = list(series_spec.heights(language))
    if horizontal:  # drawn from the bottom up: reversed, the first figure stands on top
        categories.reverse()
        heights.reverse()
    category_axis = QBarCategoryAxis()
    category_axis.setLabelsFont(_font(8.5))
    category_axis.setTruncateLabels(False)  # the labels are wrapped here; "…" would cut a figure off
    category_axis.append(categories)
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    bar_set = QBarSet(series_spec.axis(language))
    bar_set.append(heights)
    bar_set.setColor(QColor(SERIES_COLOURS[number % len(SERIES_COLOURS)]))
    series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.setBarWidth(0.55)
    series.append(bar_set)
    chart.addSeries(series)
    value_axis = QValueAxis()
    value_axis.setTitleText(series_spec.axis(language))
    value_axis.setTitleFont(_font(8.5))
    value_axis.setLabelsFont(_font(8))
    value_axis.setRange(0, max(heights) * 1.1)
    value_axis.applyNiceNumbers()
    value_axis.setLabelFormat("%g")
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    return chart


def chart_height(spec: ChartSpec, number: int) -> int:
    """Room for the title (on the first chart), the value axis, and every bar's label (name and figure, a
    few lines) beside a horizontal bar."""
    if spec.over_time:
        return CHART_HEIGHT
    return (TITLE_ROOM if number == 0 else 0) + AXIS_ROOM + BAR_ROOM * len(spec.series[number].bars)


class ChartCard(QFrame):
    """One chart with its quotes below: a quote selects its site and goes to its passage."""

    def __init__(self, spec: ChartSpec, state: AppState, go_to_passage: Callable[[int, str], None],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.state = state
        self.go_to_passage = go_to_passage
        self.setObjectName(f"chart-{spec.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.charts: QWidget | None = None  # the chart views, one per unit
        self.views: list[QChartView] = []
        self.quotes = QLabel(self)
        self.quotes.setWordWrap(True)
        self.quotes.setTextFormat(Qt.TextFormat.RichText)
        self.quotes.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.quotes.linkActivated.connect(self.open_link)
        self.export_button = QToolButton(self)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        self.png_action = self.export_menu.addAction("", lambda: self.ask_and_save("png"))
        self.svg_action = self.export_menu.addAction("", lambda: self.ask_and_save("svg"))
        self.export_button.setMenu(self.export_menu)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.quotes)
        self.draw()

    def draw(self) -> None:
        """The chart and its quotes in the interface's language (new views: QtCharts has no retitling)."""
        language = self.state.language
        charts = QWidget(self)
        charts.setObjectName("charts")
        column = QVBoxLayout(charts)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.views = []
        for number, chart in enumerate(build_charts(self.spec, language)):
            view = QChartView(chart, charts)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setFixedHeight(chart_height(self.spec, number))
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda point, v=view: self.export_menu.exec(v.mapToGlobal(point)))
            column.addWidget(view)
            self.views.append(view)
        if self.charts is not None:
            self.layout_.replaceWidget(self.charts, charts)
            self.charts.setParent(None)
            self.charts.deleteLater()
        else:
            self.layout_.insertWidget(0, charts)
        self.charts = charts
        self.export_button.setText(self.tr("Save chart"))
        self.png_action.setText(self.tr("Save as PNG…"))
        self.svg_action.setText(self.tr("Save as SVG…"))
        self.quotes.setText(self.quotes_html(language))
        self.quotes.setToolTip(self.tr("Click a quote to select its place and read it in the article"))

    def quotes_html(self, language: str) -> str:
        parts = []
        for number, source in enumerate(self.spec.sources):
            line = self.tr("line %1").replace("%1", str(source.line)) if source.line else ""
            where = f' <a href="line:{number}">{escape(line)}</a>' if line else ""
            translation = f"<br><i>{escape(source.translation)}</i>" if language != "zh" else ""
            parts.append(f'<p><a href="quote:{number}" style="text-decoration:none">“{escape(source.quote)}”</a>'
                         f"{where}{translation}</p>")
        return "".join(parts)

    def open_link(self, link: str) -> None:
        """``quote:N`` selects the site of quote N and goes to its passage; ``line:N`` only goes there."""
        kind, _, number = link.partition(":")
        if not number.isdigit() or int(number) >= len(self.spec.sources):
            return
        source = self.spec.sources[int(number)]
        if kind == "quote":
            self.state.select_site(source.site_id)  # the city record's id clears: the panel shows the city
        if source.line:
            self.go_to_passage(source.line, source.quote)

    def picture_size(self) -> QSize:
        return QSize(max(view.width() for view in self.views), sum(view.height() for view in self.views))

    def save_png(self, path: Path) -> bool:
        image = self.charts.grab().toImage()
        image.setText("Title", self.spec.title(self.state.language))
        image.setText("Description", "\n".join(source.quote for source in self.spec.sources))
        return image.save(str(path), "PNG")

    def save_svg(self, path: Path) -> bool:
        """Vectors and text (in a font with Chinese glyphs), the title and the quotes as the SVG's title and
        description."""
        size = self.picture_size()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(self.spec.title(self.state.language))
        generator.setDescription("\n".join(source.quote for source in self.spec.sources))
        painter = QPainter()
        if not painter.begin(generator):
            return False
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = 0
        for view in self.views:
            shown = view.mapToScene(view.viewport().rect()).boundingRect()
            view.scene().render(painter, QRectF(0, top, view.width(), view.height()), shown)
            top += view.height()
        return painter.end() and path.exists() and path.stat().st_size > 0

    def ask_and_save(self, kind: str) -> None:
        """The file first, then the picture; a failure is said in a message box."""
        file_filter = self.tr("PNG image (*.png)") if kind == "png" else self.tr("SVG image (*.svg)")
        name = f"quzhou-{self.spec.id}.{kind}"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save chart"), name, file_filter)
        if not path:
            return
        target = Path(path if path.lower().endswith(f".{kind}") else f"{path}.{kind}")
        saved = self.save_png(target) if kind == "png" else self.save_svg(target)
        if not saved:
            QMessageBox.warning(self, self.tr("Save chart"),
                                self.tr("Could not write %1").replace("%1", escape(str(target))))


class FiguresDock(QDockWidget):
    """A column of charts, one per group of the article's city-wide numbers, in the state's language."""

    def __init__(self, state: AppState, go_to_passage: Callable[[int, str], None], parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("figures-dock")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.cards = [ChartCard(spec, state, go_to_passage) for spec in city_charts(state.catalog)]
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        for card in self.cards:
            layout.addWidget(card)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)
        self.setWidget(scroll)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        state.language_changed.connect(lambda _language: self.retranslate())
        self.retranslate(draw=False)

    def card(self, chart_id: str) -> ChartCard | None:
        return next((card for card in self.cards if card.spec.id == chart_id), None)

    def retranslate(self, draw: bool = True) -> None:
        self.setWindowTitle(self.tr("Figures"))
        self.note.setText(self.tr("The article's city-wide numbers, from the dataset's figures. "
                                  "Click a quote to select its place."))
        if draw:
            for card in self.cards:
                card.draw()
