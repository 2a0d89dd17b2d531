"""E-mail holds secrets (confirmation links): it goes by SMTP when EMAIL_HOST is set, into files in
VAR_DIR/mail otherwise, and never into the server's log through the console backend."""

import json
import os
import subprocess
import sys

PRINT = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_FILE_PATH]))"
)


def mail_settings(tmp_path, **extra) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="equalchance.config.settings", EQUALCHANCE_VAR_DIR=str(tmp_path), **extra
    )
    result = subprocess.run(
        [sys.executable, "-c", PRINT], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_runs_write_e_mail_to_files_in_the_var_folder(tmp_path):
    backend, _, folder = mail_settings(tmp_path)
    assert backend == "equalchance.serving.mail.PrivateFileEmailBackend"  # Django's, with files 0600
    assert folder == str(tmp_path / "mail")


def test_e_mail_goes_by_smtp_when_a_mail_server_is_named(tmp_path):
    backend, host, _ = mail_settings(tmp_path, EMAIL_HOST="smtp.example.org")
    assert (backend, host) == ("django.core.mail.backends.smtp.EmailBackend", "smtp.example.org")


def test_the_console_backend_is_never_the_default(tmp_path):
    for extra in ({}, {"EMAIL_HOST": "smtp.example.org"}, {"DJANGO_DEBUG": "1"}):
        assert "console" not in mail_settings(tmp_path, **extra)[0]
