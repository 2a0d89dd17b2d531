"""Production never serves the demo accounts.

`equalchance create_demo_users` makes accounts with a published password (`equal-chance-demo`) that
may sign in without a second factor (`User.second_factor_exempt`, set by nothing else). A database
that holds them (a trial run copied to a server, say) must not be served: `equalchance check --deploy`
fails with an error while any of them is active, and `equalchance serve` refuses to start.
`equalchance deactivate_demo_users` deactivates them (audited).

The browser tests and the load benchmark serve the demo accounts on purpose, on loopback: they set
`EQUALCHANCE_ALLOW_DEMO_ACCOUNTS=1`, which a production deployment never sets (the deploy check warns
while it is set).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.db import DatabaseError, connection

from equalchance.config.secret_key import is_production_key

DEACTIVATE = "equalchance deactivate_demo_users"


def demo_accounts_allowed() -> bool:
    """Whether this run may serve the demo accounts: a local run (no real SECRET_KEY in the environment,
    which `serve` requires before anything else) or one that sets EQUALCHANCE_ALLOW_DEMO_ACCOUNTS (the
    browser tests, the load benchmark). The one place that decides it: elsewhere (in production) the
    second-factor exemption counts for nothing (`accounts.second_factor`), so an account switched back on
    after `deactivate_demo_users` is asked to set up a second factor like any other."""
    if settings.EQUALCHANCE_ALLOW_DEMO_ACCOUNTS:
        return True
    return not (settings.SECRET_KEY_FROM_ENVIRONMENT and is_production_key(settings.SECRET_KEY))


def demo_accounts_active() -> list:
    """The active accounts that may sign in without a second factor (none before `migrate`)."""
    user_model = get_user_model()
    if user_model._meta.db_table not in connection.introspection.table_names():
        return []
    return list(user_model.objects.filter(is_active=True, second_factor_exempt=True).order_by("pk"))


def demo_accounts_refusal(count: int) -> str:
    return (
        f"{count} active account{'s' if count != 1 else ''} may sign in without a second factor: the "
        "demo accounts made by create_demo_users, whose password is published. Production never serves "
        f"them. Deactivate them with `{DEACTIVATE}` (or use a database without them)."
    )


def demo_accounts_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A deploy check (`equalchance check --deploy`)."""
    if settings.EQUALCHANCE_ALLOW_DEMO_ACCOUNTS:
        return [
            checks.Warning(
                "EQUALCHANCE_ALLOW_DEMO_ACCOUNTS is set: the demo accounts (published password, no second "
                "factor) may be served.",
                hint="Only the browser tests and the load benchmark set it; never set it in production.",
                id="serving.W001",
            )
        ]
    try:
        count = len(demo_accounts_active())
    except DatabaseError as error:
        return [
            checks.Warning(
                f"Could not check for demo accounts: the database did not answer ({type(error).__name__}).",
                id="serving.W002",
            )
        ]
    if count:
        return [checks.Error(demo_accounts_refusal(count), id="serving.E001")]
    return []
