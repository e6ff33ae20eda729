"""Files that background jobs write (exports) are kept for some days, then removed."""

from __future__ import annotations

import time
from pathlib import Path


def prune_folder(folder: Path, keep_days: float) -> int:
    """Deletes the files in `folder` older than `keep_days`, and so the pieces a killed job left
    behind; returns how many. The job rows stay: pages show such files as expired."""
    cutoff = time.time() - keep_days * 86400
    removed = 0
    if folder.is_dir():
        for path in folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # removed meanwhile by another run
                continue
    return removed
