"""Tables the shared parts need: counters for rate limits."""

from django.db import models


class RateCounter(models.Model):
    """How many times a key (a form and a pseudonymous client) was used in one window of time. Counted
    by an atomic upsert, so concurrent requests cannot both see room left."""

    bucket = models.CharField(max_length=100, help_text="The form and a keyed hash of the client")
    window_start = models.BigIntegerField(help_text="Seconds since the epoch")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "window_start"], name="one_counter_per_window")
        ]
