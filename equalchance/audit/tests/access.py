"""The audit trail's rows of the authorisation matrix (see tests/authorization/harness.py)."""

from tests.authorization.harness import for_every_role

ROWS = [
    *for_every_role("audit:home", "audit.view"),
    *for_every_role(
        "audit:record", "audit.view", query="object_type=directory.referral&object_id=x", allowed=(200, 400)
    ),
    *for_every_role("audit:user-find", "audit.view", query="username=referrer", allowed=302),
    *for_every_role("audit:user", "audit.view", args=lambda w: {"pk": w.people["referrer"].pk}),
]
