"""Theme symbols as SVG: the same drawing on the map and as the swatch beside each check box.

An estimated position is drawn hollow with a dashed outline and a dot, so it reads as approximate.
"""

from __future__ import annotations

from quzhou_map.core.themes import Theme

SYMBOL_SIZE = 18


def _shape(symbol: str, paint: str) -> str:
    s, h = SYMBOL_SIZE, SYMBOL_SIZE / 2
    if symbol == "square":
        return f'<rect x="3" y="3" width="{s - 6}" height="{s - 6}"{paint}/>'
    if symbol == "triangle":
        return f'<polygon points="{h:g},2 {s - 2},{s - 3} 2,{s - 3}"{paint}/>'
    if symbol == "diamond":
        return f'<polygon points="{h:g},1 {s - 1},{h:g} {h:g},{s - 1} 1,{h:g}"{paint}/>'
    return f'<circle cx="{h:g}" cy="{h:g}" r="{h - 3:g}"{paint}/>'


def symbol_svg(theme: Theme, estimate: bool = False) -> str:
    """The theme's symbol; built only from the app's own theme table, never from site data."""
    h = SYMBOL_SIZE / 2
    fill = "white" if estimate else theme.color
    dash = ' stroke-dasharray="3 2"' if estimate else ""
    paint = f' fill="{fill}" stroke="{theme.color}" stroke-width="2.5"{dash}'
    shape = _shape(theme.symbol, paint)
    if estimate:
        shape += f'<circle cx="{h:g}" cy="{h:g}" r="2" fill="{theme.color}"/>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SYMBOL_SIZE}" height="{SYMBOL_SIZE}" '
            f'viewBox="0 0 {SYMBOL_SIZE} {SYMBOL_SIZE}">{shape}</svg>')
