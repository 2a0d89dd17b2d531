"""Shared test set-up: the national open data (areas, deprivation, indicator series) and the modelled
synthetic series are loaded once into the test database of a session."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from equalchance.indicators.modelled import modelled_series_generate
    from equalchance.indicators.services import real_series_load
    from equalchance.places.importers.comparators import comparator_groups_load
    from equalchance.places.importers.open_data import open_data_load

    with django_db_blocker.unblock():
        open_data_load()
        comparator_groups_load()
        real_series_load()
        modelled_series_generate(lsoa_districts=["E08000029"])  # synthetic, where no real data exist


@pytest.fixture
def connection_kept_open():
    """Like Django's test client: a WSGI handler called in-process (e.g. by schemathesis) must not close
    the test's database connection after each request (PostgreSQL would lose the test transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
