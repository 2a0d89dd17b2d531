"""Settling a server process once the product is loaded, before it answers its first request."""

import gc

from django.urls import get_resolver


def settle() -> int:
    """Load every page's code (the URLconf imports the views, forms and rules), then move everything
    loaded so far out of the garbage collector's sight, where it stays for the life of the process. A
    full collection then walks only what requests made: on the benchmark machine one came every ten or
    so exception report pages and walked some 260,000 objects of Django and the product, a pause of
    0.3 to 0.5 s (benchmarks/performance_benchmark.py). Returns how many objects were set aside."""
    get_resolver().url_patterns  # noqa: B018 (imports the URLconf, and with it every view)
    gc.collect()  # what is garbage already is freed, not kept for ever
    gc.freeze()
    return gc.get_freeze_count()
