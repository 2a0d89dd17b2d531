from django.conf import settings

from equalchance.accounts.permissions import user_can
from equalchance.accounts.selectors import organisations_of
from equalchance.common.keys import whole_number
from equalchance.indicators.synthetic import SYNTHETIC_NOTE

# Which item of the service navigation a page belongs to, by the URL's namespace (and, in the
# directory, its name); pages not named here mark no item.
DIRECTORY_SECTIONS = {
    "moderation": "moderation",
    "currency": "moderation",
    "duplicates": "moderation",
    "feedback-queue": "moderation",
    "submission": "moderation",
    "archive": "moderation",
    "referrals": "referrals",
    "referral": "referrals",
    "refer": "referrals",
    "manage": "entries",
    "entry-new": "entries",
    "entry-edit": "entries",
}
SECTIONS = {
    "places": "places",
    "scorecards": "scorecards",
    "indicators": "indicators",
    "audit": "audit",
    "plans": "plans",
    "performance": "performance",
}


def partnership(request):
    return {
        "partnership_name": settings.EQUALCHANCE_PARTNERSHIP_NAME,
        "partnership_districts": settings.EQUALCHANCE_DISTRICTS,
        "synthetic_note": SYNTHETIC_NOTE,
        "sees_partnership": user_can(request.user, "partnership.view"),
        "sees_places": user_can(request.user, "places.view"),
        "sees_scorecards": user_can(request.user, "scorecards.view"),
        "sees_indicators": user_can(request.user, "indicators.view"),
        "sees_plans": user_can(request.user, "plans.view") or user_can(request.user, "plans.edit"),
        "moderates_directory": user_can(request.user, "directory.moderate"),
        "submits_entries": user_can(request.user, "directory.submit"),
        "reads_audit": user_can(request.user, "audit.view"),
        "user_organisations": organisations_of(user=request.user).values_list("name", flat=True),
        **page_place(request),
    }


def is_public(match) -> bool:
    """Whether the page is open without signing in (its view is marked login_not_required)."""
    return match is not None and getattr(match.func, "login_required", True) is False


def page_place(request) -> dict:
    """Where the page sits: the navigation item it belongs to, the part of the site its title names
    ("Find support" for the public directory), and, for public pages, its canonical address (no query
    string but the page number of a browse list)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    public = is_public(match)
    if match.namespace == "directory":
        section = DIRECTORY_SECTIONS.get(match.url_name, "directory")
    elif match.namespace == "browse":
        section = "directory" if request.user.is_authenticated else "browse"
    elif match.url_name == "start":
        section = "start"
    elif match.namespace == "accounts" and match.url_name == "sign-in":
        section = "sign-in"
    else:
        section = SECTIONS.get(match.namespace, "")
    place = {"nav_section": section}
    if public and match.namespace in ("directory", "browse"):
        place["title_section"] = "Find support"
    if public and request.method in ("GET", "HEAD"):
        page = request.GET.get("page", "") if match.namespace == "browse" else ""
        number = whole_number(page, digits=9)
        query = f"?page={page}" if number is not None and number != 1 and page == str(number) else ""
        place["canonical_url"] = request.build_absolute_uri(request.path) + query
    return place
