"""Local runs sign with a random key kept in VAR_DIR/secret_key (owner only), never a key written in
the source; production's key comes from the environment."""

import os
import stat
import subprocess
import sys
import threading

from equalchance.config.secret_key import is_production_key, local_secret_key

OLD_PUBLIC_KEY = "insecure-local-development-key-do-not-use-in-production"
PRINT_KEY = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def settings_key(var_dir, **extra) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="equalchance.config.settings", EQUALCHANCE_VAR_DIR=str(var_dir), **extra
    )
    result = subprocess.run(
        [sys.executable, "-c", PRINT_KEY], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_a_key_in_the_environment_settings_use_a_random_key_kept_for_the_owner_only(tmp_path):
    key = settings_key(tmp_path)
    kept = tmp_path / "secret_key"
    assert key == kept.read_text().strip()
    assert key != OLD_PUBLIC_KEY and is_production_key(key)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert settings_key(tmp_path) == key  # the same key on the next start: links and sessions survive
    assert settings_key(tmp_path / "elsewhere") != key  # another installation, another key


def test_a_key_in_the_environment_is_used_and_nothing_is_written(tmp_path):
    key = "k9$Zq!2vX8#rT4&mW7pL0@nB5^cY3*hJ6%fD1_sG9+aE2=uQ8r-from-the-environment"
    assert settings_key(tmp_path, SECRET_KEY=key) == key
    assert not (tmp_path / "secret_key").exists()


def test_a_kept_key_readable_by_others_is_made_private_again(tmp_path):
    first = local_secret_key(tmp_path)
    (tmp_path / "secret_key").chmod(0o644)
    assert local_secret_key(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_processes_starting_together_all_get_the_same_key(tmp_path):
    keys = []
    threads = [threading.Thread(target=lambda: keys.append(local_secret_key(tmp_path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no drafts left behind


def test_short_repetitive_or_marked_keys_are_not_production_keys():
    assert not is_production_key("")
    assert not is_production_key("short-key")
    assert not is_production_key("a" * 80)
    assert not is_production_key(OLD_PUBLIC_KEY)
    assert not is_production_key("django-insecure-" + "x1y2z3w4v5" * 6)
    assert is_production_key("k9$Zq!2vX8#rT4&mW7pL0@nB5^cY3*hJ6%fD1_sG9+aE2=uQ8r")
