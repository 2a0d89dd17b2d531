"""Public directory pages: search and a service's page. No sign-in; published services only."""

import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from equalchance.accounts.email_verification import needs_verification
from equalchance.accounts.permissions import user_can
from equalchance.accounts.views import send_link
from equalchance.common.rate_limits import too_many
from equalchance.directory import currency, local_offer, maps, moderation, referrals, search
from equalchance.directory.forms import (
    DecisionForm,
    EntryForm,
    FeedbackForm,
    ReferralForm,
    RegisterForm,
    ResponseForm,
    ReturnForm,
    SearchForm,
)
from equalchance.directory.models import LocalOfferComment, Referral, Service, Submission


@login_not_required
def directory_search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        page = request.GET.get("page", "1")
        results = search.search(form.query(int(page) if page.isdigit() else 1))
        for name, message in results.problems.items():
            form.add_error(name, message)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {"form": form, "results": results, "query_string": query_string.urlencode()},
    )


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


@login_not_required
def service_detail(request, pk):
    service = get_object_or_404(
        Service.objects.filter(published=True)
        .select_related("organisation")
        .prefetch_related("terms__taxonomy", "service_at_locations__location"),
        pk=pk,
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "locations": [_with_map(link.location, service) for link in service.service_at_locations.all()],
            "local_offer": local_offer.answered(service.details.get("local_offer")),
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
    if chosen and Service.objects.filter(pk=chosen[0], published=True).exists():
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
    found = Service.objects.filter(published=True).select_related("organisation").in_bulk(ids)
    services = [found[uuid.UUID(i)] for i in ids if uuid.UUID(i) in found]
    share = request.build_absolute_uri(f"?ids={','.join(str(s.pk) for s in services)}") if services else ""
    return render(
        request, "directory/shortlist.html", {"services": services, "shared": shared, "share_link": share}
    )


# --- Organisations' entries and moderation -------------------------------------------------------


@login_not_required
def register(request):
    """A service provider registers their organisation (rate-limited, CSRF-protected)."""
    if request.user.is_authenticated:
        return redirect("directory:manage")
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, "register"):
            form.add_error(None, "Too many attempts from here. Wait an hour and try again.")
        elif form.is_valid():
            data = form.cleaned_data
            user, organisation = moderation.organisation_register(
                username=data["username"],
                email=data["email"],
                password=data["password"],
                name=data["organisation"],
                description=data["description"],
            )
            login(request, user)
            send_link(request, user)
            messages.success(
                request,
                f"Registered {organisation.name}. We have sent a link to {user.email}: open it to "
                "confirm your address, then add your first service.",
            )
            return redirect("directory:manage")
    return render(request, "directory/register.html", {"form": form})


def _require(request, capability: str) -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied


def manage(request):
    """A member's organisations, their entries, and the state of every proposal with its reason."""
    organisations = moderation.organisations_of(request.user).prefetch_related("services")
    submissions = Submission.objects.filter(organisation__in=organisations).select_related(
        "organisation", "service"
    )
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
    organisation = get_object_or_404(moderation.organisations_of(request.user), pk=organisation_pk)
    if needs_verification(request.user):
        return render(request, "directory/confirm_email_first.html", status=403)
    service = get_object_or_404(organisation.services, pk=service_pk) if service_pk else None
    initial = moderation.entry_of(service) if service else {}
    if "free" in initial and initial["free"] is not None:
        initial["free"] = "yes" if initial["free"] else "no"
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        moderation.submission_create(
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
    waiting = Submission.objects.filter(state=Submission.State.SUBMITTED).select_related(
        "organisation", "service", "submitted_by"
    )
    return render(request, "directory/moderation_queue.html", {"waiting": waiting})


def submission_detail(request, pk: int):
    _require(request, "directory.moderate")
    submission = get_object_or_404(Submission.objects.select_related("organisation", "service"), pk=pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and submission.state == Submission.State.SUBMITTED:
        if request.POST.get("decision") == "approve":
            service = moderation.submission_approve(by=request.user, submission=submission)
            messages.success(request, f"Approved and published {service.name}")
            return redirect("directory:moderation")
        if form.is_valid():
            moderation.submission_return(
                by=request.user, submission=submission, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Returned to the organisation with your reason")
            return redirect("directory:moderation")
    return render(
        request,
        "directory/submission_detail.html",
        {"submission": submission, "rows": moderation.differences(submission), "form": form},
    )


def service_archive(request, pk):
    _require(request, "directory.moderate")
    service = get_object_or_404(Service, pk=pk)
    if request.method == "POST":
        moderation.service_archive(by=request.user, service=service, reason=request.POST.get("reason", ""))
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
def local_offer_feedback(request):
    """Anyone may comment on the Local Offer (rate-limited, CSRF-protected)."""
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, "feedback"):
            form.add_error(None, "Too many comments from here. Wait an hour and try again.")
        elif form.is_valid():
            LocalOfferComment.objects.create(
                text=moderation.clean_text(form.cleaned_data["text"]),
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
            messages.success(request, "Thank you. The council publishes comments with its response.")
            return redirect("directory:local-offer-comments")
    return render(request, "directory/feedback.html", {"form": form})


@login_not_required
def local_offer_comments(request):
    """Comments received on the Local Offer and the council's responses, as the law requires."""
    published = LocalOfferComment.objects.filter(state=LocalOfferComment.State.PUBLISHED)
    return render(request, "directory/comments.html", {"comments": published})


def feedback_queue(request):
    _require(request, "directory.moderate")
    comment = None
    form = ResponseForm()
    if request.method == "POST":
        comment = get_object_or_404(LocalOfferComment, pk=request.POST.get("comment", 0) or 0)
        form = ResponseForm(request.POST)
        if form.is_valid():
            moderation.comment_answer(
                by=request.user,
                comment=comment,
                response=form.cleaned_data["response"],
                publish=form.cleaned_data["decision"] == "publish",
            )
            messages.success(request, "Saved")
            return redirect("directory:feedback-queue")
    waiting = LocalOfferComment.objects.filter(state=LocalOfferComment.State.NEW)
    return render(
        request, "directory/feedback_queue.html", {"waiting": waiting, "form": form, "failed": comment}
    )


# --- Brokerage -------------------------------------------------------------------------------------


def refer(request, pk):
    _require(request, "directory.refer")
    service = get_object_or_404(Service.objects.filter(published=True).select_related("organisation"), pk=pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = referrals.referral_create(
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


def referral_list(request):
    mine = referrals.referrals_visible_to(request.user).select_related("service__organisation", "referred_by")
    return render(request, "directory/referral_list.html", {"referrals": mine})


def referral_detail(request, pk):
    try:
        referral = referrals.referral_read(by=request.user, referral_id=pk)
    except Referral.DoesNotExist:
        raise Http404 from None
    receiving = referral.service.organisation.memberships.filter(user=request.user).exists()
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not receiving:
            raise PermissionDenied
        if form.is_valid():
            referrals.referral_decide(
                by=request.user,
                referral=referral,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Decision recorded")
            return redirect("directory:referral", pk=referral.pk)
    return render(
        request,
        "directory/referral_detail.html",
        {
            "referral": referral,
            "receiving": receiving,
            "form": form,
            "events": referral.events.select_related("by"),
        },
    )


def duplicates(request):
    """Likely duplicates, for a moderator to merge."""
    _require(request, "directory.moderate")
    if request.method == "POST":
        keep = get_object_or_404(Service, pk=request.POST.get("keep"))
        duplicate = get_object_or_404(Service, pk=request.POST.get("duplicate"))
        moderation.services_merge(by=request.user, keep=keep, duplicate=duplicate)
        messages.success(request, f"Merged into {keep.name}")
        return redirect("directory:duplicates")
    return render(request, "directory/duplicates.html", {"pairs": moderation.likely_duplicates()})
