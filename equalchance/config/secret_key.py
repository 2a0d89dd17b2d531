"""The key Django signs with (sessions, e-mailed confirmation links, CSRF tokens).

Production sets `SECRET_KEY` in the environment (`equalchance serve` refuses to start otherwise). Local
runs (the demo, `runserver`, the tests) without it use a random key made once and kept in
`VAR_DIR/secret_key`, readable by its owner only, so links and sessions survive restarts but nobody can
forge them from a key printed in the source code. Plain Python: settings import it before Django is set up.
"""

import os
import secrets
import stat
from pathlib import Path

FILE_NAME = "secret_key"
# Keys this short, this repetitive or with these marks are development keys, never production ones
# (Django's own deploy check uses the same limits).
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
INSECURE_PREFIXES = ("django-insecure", "insecure-")


def is_production_key(key: str | None) -> bool:
    """True for a long, random-looking key that is not marked as a development key."""
    return bool(
        key
        and len(key) >= MIN_LENGTH
        and len(set(key)) >= MIN_UNIQUE_CHARACTERS
        and not key.startswith(INSECURE_PREFIXES)
    )


def local_secret_key(var_dir: Path) -> str:
    """The key kept in `var_dir/secret_key`, made (mode 0600) the first time it is asked for.

    Several processes may start at once (gunicorn workers, a worker beside the server): the file is
    written under another name and linked into place, so each sees either no file or the whole key."""
    path = Path(var_dir) / FILE_NAME
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if key:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)  # readable by others (copied by hand, say): take that away
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        draft.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()
