"""Counting how many times the configured password hasher runs (checking a password or making one), to
show that two answers cost alike without timing them."""

from contextlib import contextmanager
from unittest import mock


@contextmanager
def hashings():
    """`with hashings() as calls:` ... `len(calls)` is how many times the hasher ran inside."""
    from django.contrib.auth.hashers import get_hasher

    hasher = type(get_hasher("default"))
    calls = []
    original = hasher.encode

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    with mock.patch.object(hasher, "encode", counting):
        yield calls
