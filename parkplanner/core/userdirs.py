"""Per-user folders (Qt-free, so the CLI and core can use them): data, logs and recovery files."""
from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["user_data_dir", "log_dir", "recovery_dir"]

APP_NAME = "ParkPlanner"


def user_data_dir() -> Path:
    """The platform's per-user data folder for ParkPlanner (created on demand)."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA") or Path.home())
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    path = base / APP_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def recovery_dir() -> Path:
    """Where autosaves of never-saved projects go (saved projects autosave beside themselves)."""
    path = user_data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path
