"""Distance and area texts for tool read-outs."""
from __future__ import annotations

__all__ = ["format_length", "format_area"]


def format_length(metres: float) -> str:
    return f"{metres / 1000:,.2f} km" if metres >= 10_000 else f"{metres:,.1f} m"


def format_area(square_metres: float) -> str:
    """m² below a hectare, then ha (with mu, the unit Chinese planners read first)."""
    if square_metres < 10_000:
        return f"{square_metres:,.0f} m²"
    return f"{square_metres / 10_000:,.2f} ha ({square_metres / 666.67:,.1f} mu)"
