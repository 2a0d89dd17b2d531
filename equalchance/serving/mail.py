"""E-mail written as files (local runs and the demo, when no mail server is set), readable by the owner
only: messages hold secrets (password reset and address confirmation links). Django's file backend
makes them with the process's umask (commonly 0644: readable by every user of the machine)."""

import os

from django.conf import settings
from django.core.mail.backends import filebased


class PrivateFileEmailBackend(filebased.EmailBackend):
    """Django's file backend: each message a file in EMAIL_FILE_PATH, with mode 0600 (the folder 0700
    when this backend makes it)."""

    def __init__(self, *args, file_path=None, **kwargs):
        folder = file_path or getattr(settings, "EMAIL_FILE_PATH", None)
        if folder and not os.path.exists(folder):
            os.makedirs(os.path.abspath(folder), mode=0o700, exist_ok=True)
        super().__init__(*args, file_path=file_path, **kwargs)

    def open(self):
        if self.stream is None:
            descriptor = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self.stream = os.fdopen(descriptor, "ab")
            return True
        return False
