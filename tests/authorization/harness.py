"""The authorisation matrix: who may do what to which record, as rows a test runs one by one.

A row (`Case`) names a URL, who asks (`actor`: a role and their relationship to the records of the
`World`: the referrer, a member of the receiving organisation, a member of another one, a former
member...), how (GET, or POST with data) and what must happen: the status, whether a refusal is
recorded in the audit trail, and that a refused write changed nothing. Each part of the product adds
its rows in `equalchance/<app>/tests/access.py` (a list called ROWS); `test_matrix.py` runs them all,
and a meta-test fails when a URL is in neither the matrix nor the public allow-list."""

from collections.abc import Callable
from dataclasses import dataclass, field

from equalchance.accounts.permissions import CAPABILITIES

ROLES = ["administrator", "analyst", "viewer", "moderator", "provider", "plan_editor"]


@dataclass(frozen=True)
class Case:
    url: str  # the URL's name, e.g. "directory:referral"
    actor: str  # a key of World.people, or "anonymous"
    expect: int | tuple[int, ...]
    method: str = "get"
    args: Callable | None = None  # world -> kwargs for reverse()
    data: Callable | None = None  # world -> POST data
    query: str | Callable = ""  # or world -> the query string
    refusal_audited: bool = False  # a refused attempt is in the audit trail
    unchanged: Callable | None = None  # world -> a value that must not change (for refused writes)
    shows: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.url} {self.method.upper()} by {self.actor}{' ' + self.why if self.why else ''}"


def for_every_role(
    url: str,
    capability: str,
    *,
    args: Callable | None = None,
    allowed: int | tuple[int, ...] = 200,
    refused: int = 403,
    method: str = "get",
    data: Callable | None = None,
    unchanged: Callable | None = None,
    query: str | Callable = "",
) -> list[Case]:
    """Rows for a URL guarded by a capability alone: each role as the capability table says, and an
    anonymous visitor sent to sign in (or refused, for the API)."""
    rows = [
        Case(
            url,
            role,
            allowed if role in CAPABILITIES[capability] else refused,
            method=method,
            args=args,
            data=data,
            query=query,
            refusal_audited=role not in CAPABILITIES[capability],
            unchanged=None if role in CAPABILITIES[capability] else unchanged,
            why=f"({capability})",
        )
        for role in ROLES
    ]
    anonymous = 403 if url.startswith("api:") else 302
    rows.append(Case(url, "anonymous", anonymous, method=method, args=args, data=data, query=query))
    return rows


def for_every_signed_in(url: str, expect: int | tuple[int, ...] = 200, **options) -> list[Case]:
    """Rows for a page every signed-in user may open (it shows each only their own), and an anonymous
    visitor is sent to sign in."""
    return [Case(url, role, expect, **options) for role in ROLES] + [Case(url, "anonymous", 302, **options)]


@dataclass
class World:
    """The records every row can refer to, and the people with their relationships to them."""

    people: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.records[name]
        except KeyError:
            raise AttributeError(name) from None
