"""Django's SQLite backend, with the database file readable by its owner only.

The file holds everything (accounts, referrals, the audit trail), so it is made with mode 0600 before
SQLite opens it, rather than with the process's umask (commonly 0644: readable by every user of the
machine). SQLite gives its companion files (`-wal`, `-shm`, `-journal`) the main file's mode; files
left readable by others (by an earlier version, or copied by hand) are made private again on connecting.
Settings choose this backend for SQLite (equalchance/config/settings.py); PostgreSQL is unaffected.
"""

import os
import stat
from pathlib import Path

from django.db.backends.sqlite3 import base

COMPANIONS = ("", "-wal", "-shm", "-journal")


def database_file(connection) -> Path | None:
    """The database's file, or None for an in-memory database."""
    name = str(connection.settings_dict["NAME"] or "")
    if not name or connection.creation.is_in_memory_db(name) or name.startswith("file:"):
        return None
    return Path(name)


def private_file_create(path: Path) -> None:
    """Make `path` empty with mode 0600 unless it exists (SQLite then fills it in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def private_files_keep(path: Path) -> None:
    """Take away any access by others from the database file and its companions."""
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(companion.stat().st_mode)
            if mode & 0o077:
                companion.chmod(mode & 0o700)
        except FileNotFoundError:
            continue


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        path = database_file(self)
        if path is not None:
            private_file_create(path)
            private_files_keep(path)  # before SQLite copies the main file's mode to a new companion
        connection = super().get_new_connection(conn_params)
        if path is not None:
            private_files_keep(path)
        return connection
