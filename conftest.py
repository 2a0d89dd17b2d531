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
