"""The frontend's rows of the authorisation matrix (see tests/authorization/harness.py): "Your work" is
for every signed-in user and lists only what each may open. The front door is public (PUBLIC)."""

from tests.authorization.harness import Case

ROWS = [
    Case(
        "start",
        "administrator",
        200,
        shows=('href="/audit/"', 'href="/admin/"', 'href="/directory/moderation/"'),
    ),
    Case("start", "analyst", 200, shows=('href="/scorecards/"',), hides=('href="/audit/"', 'href="/admin/"')),
    Case(
        "start",
        "viewer",
        200,
        shows=('href="/places/priority-areas/"',),
        hides=('href="/directory/moderation/"',),
    ),
    Case("start", "moderator", 200, shows=('href="/directory/moderation/"',), hides=('href="/scorecards/"',)),
    Case("start", "provider", 200, shows=('href="/directory/entries/"',), hides=('href="/scorecards/"',)),
    Case("start", "anonymous", 302),
]
