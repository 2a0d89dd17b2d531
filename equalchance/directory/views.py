"""Directory pages: the public search and service pages (no sign-in), organisations' entries,
moderation, Local Offer comments and referrals. Reads come from `selectors`, writes go through
`services`; no view decides who may see a record itself."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from equalchance.accounts.email_verification import needs_verification
from equalchance.accounts.permissions import user_can
from equalchance.accounts.selectors import organisations_of
from equalchance.common.form_fields import answered
from equalchance.common.rate_limits import too_many
from equalchance.directory import (
    childcare,
    currency,
    entries,
    local_offer,
    maps,
    search,
    search_links,
    selectors,
    services,
)
from equalchance.directory.forms import (
    DecisionForm,
    EntryForm,
    FeedbackForm,
    ProblemReportForm,
    ReferralForm,
    RegisterForm,
    ResponseForm,
    ReturnForm,
    SearchForm,
)
from equalchance.directory.models import ProblemReport, Referral, Service, Submission


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@csrf_exempt  # searching changes nothing; the post only keeps what was typed out of the address
@login_not_required
def directory_search(request):
    if request.method == "POST" or any(request.GET.get(key) for key in search_links.PRIVATE):
        # Typed details (postcode, age, need) go into the address sealed, never as plain text.
        # The answer opens at the results (#results), not at the top of the form.
        return redirect(search_links.search_address(request.POST or request.GET, request.path) + "#results")
    data = request.GET.copy()
    expired = False
    if token := data.pop("s", [""])[0]:
        private = search_links.unseal(token)
        expired = private is None
        data.update(private or {})
    form = SearchForm(data or None)
    results = None
    if form.is_bound and form.is_valid():
        page = request.GET.get("page", "1")
        results = search.search(form.query(int(page) if page.isdigit() else 1))
        for name, message in results.problems.items():
            form.add_error(name, message)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    filtering = sum(1 for name in SearchForm.FILTERS if form.is_bound and form.data.get(name))
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "results": results,
            "query_string": query_string.urlencode(),
            "expired": expired,
            "filtering": filtering,
            "results_map": _results_map(results),
            "filters_open": not results
            or filtering
            or any(name in form.errors for name in SearchForm.FILTERS),
        },
    )


def _results_map(results) -> str | None:
    """The page of results on a map, numbered as listed: each at its place nearest the searched
    postcode (or its first place)."""
    if not results or not results.hits:
        return None
    places = selectors.mapped_places_of(hit.service.pk for hit in results.hits)
    pins = []
    for number, hit in enumerate(results.hits, start=1):
        held = places.get(hit.service.pk)
        if not held:
            continue
        if results.place:
            held = sorted(
                held,
                key=lambda p: (p[0] - results.place.latitude) ** 2 + (p[1] - results.place.longitude) ** 2,
            )
        pins.append(maps.Pin(number, hit.service.name, *held[0]))
    near = (
        (results.place.latitude, results.place.longitude, results.place.postcode) if results.place else None
    )
    return maps.results_map_svg(pins, near=near)


def _with_map(location, service):
    """The place, with the SVG map the page draws of it (None when it cannot be drawn)."""
    location.map_svg = None
    if location.latitude is not None and location.longitude is not None:
        location.map_svg = maps.place_map_svg(
            location.latitude,
            location.longitude,
            name=location.name or service.name,
            postcode=location.postcode,
            key=location.pk.hex[:8],
        )
    return location


def _public_service_or_404(pk) -> Service:
    try:
        return selectors.service_public_get(id=pk)
    except Service.DoesNotExist:
        raise Http404 from None


@login_not_required
def service_detail(request, pk):
    service = _public_service_or_404(pk)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "locations": [_with_map(link.location, service) for link in service.service_at_locations.all()],
            "local_offer": local_offer.answered(service.details.get("local_offer")),
            "childcare": childcare.summary(
                [term.pk for term in service.terms.all()], service.details, synthetic=service.synthetic
            ),
            "shortlisted": str(service.pk) in request.session.get(SHORTLIST, []),
            # Who changed what and when is for moderators, not the public.
            "can_refer": user_can(request.user, "directory.refer"),
            "history": service.history.select_related("changed_by")
            if user_can(request.user, "directory.moderate")
            else None,
        },
    )


SHORTLIST = "directory_shortlist"
SHORTLIST_MAX = 50


def _ids(values) -> list[str]:
    ids = []
    for value in values:
        try:
            ids.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))[:SHORTLIST_MAX]


@login_not_required
@require_POST
def shortlist_change(request):
    """Add a service to, or remove it from, this browser's shortlist (kept in the session)."""
    chosen = _ids([request.POST.get("service", "")])
    shortlist = request.session.get(SHORTLIST, [])
    if chosen and selectors.services_public().filter(pk=chosen[0]).exists():
        if request.POST.get("action") == "remove":
            shortlist = [i for i in shortlist if i != chosen[0]]
            messages.success(request, "Removed from your shortlist")
        elif chosen[0] not in shortlist and len(shortlist) < SHORTLIST_MAX:
            shortlist.append(chosen[0])
            messages.success(request, "Added to your shortlist")
        request.session[SHORTLIST] = shortlist
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "directory:shortlist")


@login_not_required
def shortlist(request):
    """This browser's shortlist, or a shared one (?ids=...), to print or pass on."""
    shared = "ids" in request.GET
    ids = _ids(request.GET.get("ids", "").split(",")) if shared else request.session.get(SHORTLIST, [])
    found = selectors.services_public().select_related("organisation").in_bulk(ids)
    services = [found[uuid.UUID(i)] for i in ids if uuid.UUID(i) in found]
    share = request.build_absolute_uri(f"?ids={','.join(str(s.pk) for s in services)}") if services else ""
    return render(
        request, "directory/shortlist.html", {"services": services, "shared": shared, "share_link": share}
    )


# --- Organisations' entries and moderation -------------------------------------------------------


@login_not_required
def register(request):
    """A service provider registers their organisation (rate-limited, CSRF-protected). The reply is the
    same whether or not the address already has an account."""
    if request.user.is_authenticated:
        return redirect("directory:manage")
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, "register"):
            form.add_error(None, "Too many attempts from here. Wait an hour and try again.")
        elif form.is_valid():
            data = form.cleaned_data
            services.provider_register(
                email=data["email"],
                password=data["password"],
                organisation_name=data["organisation"],
                kind=data["kind"],
                description=data["description"],
                public_email=data["public_email"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("accounts:verify-email", args=[token])
                ),
            )
            return render(request, "directory/registered.html", {"email": data["email"]})
    return render(request, "directory/register.html", {"form": form})


def _require(request, capability: str) -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied


def manage(request):
    """A member's organisations, their entries, and the state of every proposal with its reason."""
    organisations = organisations_of(user=request.user).prefetch_related("services")
    submissions = selectors.submissions_of(user=request.user)
    return render(
        request,
        "directory/manage.html",
        {
            "organisations": organisations,
            "submissions": submissions,
            "can_submit": user_can(request.user, "directory.submit"),
            "unconfirmed": needs_verification(request.user),
        },
    )


def entry_form(request, organisation_pk, service_pk=None):
    """Propose a new entry, or a change to a published one; it waits for a moderator."""
    _require(request, "directory.submit")
    organisation = get_object_or_404(organisations_of(user=request.user), pk=organisation_pk)
    if needs_verification(request.user):
        return render(request, "directory/confirm_email_first.html", status=403)
    service = get_object_or_404(organisation.services, pk=service_pk) if service_pk else None
    initial = entries.entry_of(service) if service else {}
    if "free" in initial and initial["free"] is not None:
        initial["free"] = "yes" if initial["free"] else "no"
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.submission_create(
            by=request.user, organisation=organisation, service=service, data=form.cleaned_data
        )
        messages.success(
            request, "Sent to the directory's moderators. It is not public until they approve it."
        )
        return redirect("directory:manage")
    return render(
        request, "directory/entry_form.html", {"form": form, "organisation": organisation, "service": service}
    )


def moderation_queue(request):
    _require(request, "directory.moderate")
    return render(
        request,
        "directory/moderation_queue.html",
        {"waiting": selectors.submissions_waiting(), "problems": selectors.problem_reports_open()[:200]},
    )


def submission_detail(request, pk: int):
    try:
        submission = selectors.submission_for_moderation(user=request.user, id=pk)
    except Submission.DoesNotExist:
        raise Http404 from None
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and submission.state == Submission.State.SUBMITTED:
        if request.POST.get("decision") == "approve":
            service = services.submission_approve(by=request.user, submission=submission)
            messages.success(request, f"Approved and published {service.name}")
            return redirect("directory:moderation")
        if form.is_valid():
            services.submission_return(
                by=request.user, submission=submission, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Returned to the organisation with your reason")
            return redirect("directory:moderation")
    return render(
        request,
        "directory/submission_detail.html",
        {"submission": submission, "rows": entries.differences(submission), "form": form},
    )


def service_archive(request, pk):
    _require(request, "directory.moderate")
    service = get_object_or_404(Service, pk=pk)
    if request.method == "POST":
        services.service_archive(by=request.user, service=service, reason=request.POST.get("reason", ""))
        messages.success(request, f"Archived {service.name}: it is no longer public")
    return redirect("directory:moderation")


# --- Keeping it current, and Local Offer feedback --------------------------------------------------


def currency_dashboard(request):
    _require(request, "directory.moderate")
    today = timezone.localdate()
    return render(
        request,
        "directory/currency.html",
        {"summary": currency.currency_summary(today), "overdue": currency.overdue_services(today)[:200]},
    )


@login_not_required
def report_problem(request, pk):
    """Anyone may tell the moderators that an entry is wrong (rate-limited, CSRF-protected)."""
    service = _public_service_or_404(pk)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, "problem"):
            form.add_error(None, "Too many reports from here. Wait an hour and try again.")
        elif form.is_valid():
            services.problem_report_receive(
                service=service, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
            )
            messages.success(request, "Thank you. The directory's moderators will check this page.")
            return redirect("directory:service", pk=service.pk)
    return render(request, "directory/report_problem.html", {"service": service, "form": form})


@require_POST
def problem_resolve(request, pk: int):
    _require(request, "directory.moderate")
    report = get_object_or_404(ProblemReport, pk=pk)
    if services.problem_report_resolve(by=request.user, report=report):
        messages.success(request, f"Marked the problem with {report.service.name} as dealt with")
    else:
        messages.info(request, "That problem had already been dealt with")
    return redirect("directory:moderation")


@login_not_required
def local_offer_feedback(request):
    """Anyone may comment on the Local Offer (rate-limited, CSRF-protected)."""
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, "feedback"):
            form.add_error(None, "Too many comments from here. Wait an hour and try again.")
        elif form.is_valid():
            services.comment_receive(
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
            messages.success(request, "Thank you. The council publishes comments with its response.")
            return redirect("directory:local-offer-comments")
    return render(request, "directory/feedback.html", {"form": form})


@login_not_required
def local_offer_comments(request):
    """Comments received on the Local Offer and the council's responses, as the law requires."""
    return render(request, "directory/comments.html", {"comments": selectors.comments_published()})


def feedback_queue(request):
    _require(request, "directory.moderate")
    comment = None
    form = ResponseForm()
    if request.method == "POST":
        comment_id = request.POST.get("comment", "")
        if not comment_id.isascii() or not comment_id.isdigit():
            return HttpResponseBadRequest("Choose a comment to answer.")
        comment = get_object_or_404(selectors.comments_waiting(), pk=int(comment_id))
        form = ResponseForm(request.POST)
        if form.is_valid():
            services.comment_answer(
                by=request.user,
                comment=comment,
                response=form.cleaned_data["response"],
                publish=form.cleaned_data["decision"] == "publish",
            )
            messages.success(request, "Saved")
            return redirect("directory:feedback-queue")
    waiting = selectors.comments_waiting()
    return render(
        request, "directory/feedback_queue.html", {"waiting": waiting, "form": form, "failed": comment}
    )


# --- Brokerage -------------------------------------------------------------------------------------


def refer(request, pk):
    _require(request, "directory.refer")
    service = get_object_or_404(selectors.services_public().select_related("organisation"), pk=pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = services.referral_create(
            by=request.user,
            service=service,
            person_name=data["person_name"],
            person_contact=data["person_contact"],
            reason=data["reason"],
            consent=data["consent"],
            consent_note=data["consent_note"],
        )
        messages.success(request, f"Referred to {service.name}")
        return redirect("directory:referral", pk=referral.pk)
    return render(request, "directory/refer.html", {"form": form, "service": service})


@never_cache
def referral_list(request):
    mine = selectors.referrals_visible_to(user=request.user).select_related(
        "service", "receiving_organisation", "referred_by"
    )
    return render(request, "directory/referral_list.html", {"referrals": mine})


@never_cache
def referral_detail(request, pk):
    try:
        referral = selectors.referral_get_for(user=request.user, id=pk)
    except Referral.DoesNotExist:
        raise Http404 from None
    receiving = selectors.referral_receiving(user=request.user, referral=referral)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decide(
                by=request.user,
                referral=referral,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except services.AlreadyDecided as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Decision recorded")
            return redirect("directory:referral", pk=referral.pk)
    elif request.method == "POST" and not receiving:
        raise PermissionDenied
    return render(
        request,
        "directory/referral_detail.html",
        {
            "referral": referral,
            "receiving": receiving,
            "form": form,
            "events": referral.events.select_related("by"),
        },
        status=answered(form),
    )


# --- Likely duplicates: compare, merge, or mark as not duplicates ----------------------------------

MERGE_NAMES = ("the entry to keep", "the entry to merge into it")


def _duplicates_page(request, problem: str = ""):
    return render(
        request,
        "directory/duplicates.html",
        {"pairs": selectors.likely_duplicates(), "problem": problem},
        status=400 if problem else 200,
    )


def duplicates(request):
    """Likely duplicates, each to compare side by side. A merge is posted here from the comparison
    page (its only form), and goes through `services_merge`."""
    _require(request, "directory.moderate")
    if request.method == "POST":
        try:
            keep, duplicate = selectors.duplicate_pair_get(
                first=request.POST.get("keep"), second=request.POST.get("duplicate"), names=MERGE_NAMES
            )
            services.services_merge(by=request.user, keep=keep, duplicate=duplicate)
        except ValueError as refused:
            return _duplicates_page(request, str(refused))
        messages.success(request, f"Merged into {keep.name}")
        return redirect("directory:duplicates")
    return _duplicates_page(request)


def duplicate_compare(request):
    """Two entries side by side, field by field, with the differences marked in words; from here a
    moderator merges one into the other (the one kept is named) or marks them as not duplicates."""
    _require(request, "directory.moderate")
    try:
        keep, duplicate = selectors.duplicate_pair_get(
            first=request.GET.get("keep"), second=request.GET.get("duplicate"), names=MERGE_NAMES
        )
    except selectors.PairRefused as refused:
        return render(request, "directory/duplicate_compare.html", {"problem": str(refused)}, status=400)
    rows = selectors.duplicate_comparison(keep=keep, duplicate=duplicate)
    return render(
        request,
        "directory/duplicate_compare.html",
        {
            "keep": keep,
            "duplicate": duplicate,
            "rows": rows,
            "differences": sum(not row["same"] for row in rows),
            "why": selectors.duplicate_why(keep=keep, duplicate=duplicate),
            "decision": selectors.not_duplicate_standing_for(first=keep, second=duplicate),
        },
    )


def not_duplicates(request):
    """Pairs marked as not duplicates, with who decided and when, each to undo; a new decision is
    posted here (the pair is then never suggested again until it is undone)."""
    _require(request, "directory.moderate")
    if request.method == "POST":
        try:
            first, second = selectors.duplicate_pair_get(
                first=request.POST.get("first"), second=request.POST.get("second")
            )
            services.not_duplicate_mark(by=request.user, first=first, second=second)
        except ValueError as refused:
            return _duplicates_page(request, str(refused))
        messages.success(
            request,
            f"Marked {first.name} and {second.name} as not duplicates: they will not be suggested again",
        )
        return redirect("directory:duplicates")
    return render(request, "directory/not_duplicates.html", {"decisions": selectors.not_duplicates_recent()})


@require_POST
def not_duplicate_undo(request):
    """Undo a "not duplicates" decision: the pair may be suggested again."""
    _require(request, "directory.moderate")
    value = request.POST.get("decision", "")
    problem = ""
    if not value.isascii() or not value.isdigit():
        problem = "Choose a decision to undo: its number is missing or is not a whole number."
    else:
        decision = selectors.not_duplicate_get(id=int(value))
        if decision is None:
            problem = "No decision about duplicates has that number."
        else:
            try:
                services.not_duplicate_undo(by=request.user, decision=decision)
            except ValueError as refused:
                problem = str(refused)
    if problem:
        return render(
            request,
            "directory/not_duplicates.html",
            {"decisions": selectors.not_duplicates_recent(), "problem": problem},
            status=400,
        )
    messages.success(request, "Undone: the two entries may be suggested as duplicates again")
    return redirect("directory:not-duplicates")
