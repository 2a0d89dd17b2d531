"""Feedback pages: the public form anyone answers from its link (no sign-in, no JavaScript, CSRF-protected,
rate-limited), and the programme team's pages (the forms and what they say, moderating comments,
logging invitations, importing another tool's export). Thin: `feedback_selectors` decide who sees what
and `feedback_services` make every change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from equalchance.common.form_fields import answered, form_errors
from equalchance.common.rate_limits import DAY, too_many
from equalchance.common.validated_csv import DataFileError
from equalchance.performance import feedback_qr as qr
from equalchance.performance import feedback_scales as scales
from equalchance.performance import feedback_selectors as selectors
from equalchance.performance import feedback_services as services
from equalchance.performance.feedback_forms import (
    AnswerForm,
    FormBuildForm,
    InvitationsForm,
    MappingForm,
    MeasureLinkForm,
    ModerateForm,
    UploadForm,
    question_label,
)
from equalchance.performance.models import FeedbackQuestion, Measure, Programme
from equalchance.performance.selectors import may_define_measures
from equalchance.performance.views import found

# Answers to one form from one address in an hour: a group session on a children's centre's shared
# connection or tablet answers together (the probe found 5 an hour turned parents away); a flood is still
# stopped. Each form counts apart.
ANSWERS_PER_HOUR = 60
# ... and in a day, so one address cannot send a quarter's worth: a busy centre's tablet stays under it.
# Bursts below these limits are shown to the team (`feedback_selectors.unusual_days`).
ANSWERS_PER_DAY = 150
UPLOAD_LARGEST = 2 * 1024 * 1024
# After answers are received, a signed cookie for that form's path only says so, and the thank-you page
# shows only to a browser carrying it (nothing is stored on the server: no session, no address, no time).
ANSWERED_COOKIE = "feedback_answered"
ANSWERED_FOR = 60 * 60


def _public_form(token: str):
    form = selectors.form_open_for_answers(token)
    if form is None:
        raise Http404("No such feedback form.")
    return form


@login_not_required  # anyone with the link answers; nothing about them is kept
def answer(request, token: str):
    feedback_form = _public_form(token)
    # "Nothing you sent was kept" only to someone who sent something; the link opened says it is closed.
    context = {
        "feedback_form": feedback_form,
        "posted": request.method == "POST",
    }
    if not feedback_form.is_open:
        return render(
            request,
            "performance/feedback/closed.html",
            context,
            status=410 if request.method == "POST" else 200,
        )
    form = AnswerForm(request.POST or None, feedback_form=feedback_form)
    status = 200
    if request.method == "POST":
        if too_many(request, f"feedback-form-{feedback_form.pk}", limit=ANSWERS_PER_HOUR) or too_many(
            request, f"feedback-form-day-{feedback_form.pk}", limit=ANSWERS_PER_DAY, period=DAY
        ):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, "Too many answers from here. Wait an hour and try again.")
            status = 429
        elif form.is_valid():
            try:
                services.feedback_response_receive(
                    form=feedback_form,
                    answers=form.answers(),
                    comments=form.comments(),
                    consent_to_quote=form.consent(),
                    submission_key=form.cleaned_data["submission_key"],
                )
            except services.FormClosed:
                return render(request, "performance/feedback/closed.html", context, status=410)
            except services.AlreadyReceived:
                pass  # a second press of "Send": already received, nothing more written
            except ValidationError as error:
                form_errors(form, error)
                status = 400
            else:
                return _answered(request, feedback_form)
            if status == 200:
                return _answered(request, feedback_form)
        else:
            status = 400
    context["form"] = form
    return render(request, "performance/feedback/answer.html", context, status=status)


def _answered(request, feedback_form):
    """To the thank-you page, with the signed cookie that lets it show."""
    response = redirect("feedback:thanks", token=feedback_form.token)
    response.set_signed_cookie(
        ANSWERED_COOKIE,
        feedback_form.token,
        salt=ANSWERED_COOKIE,
        max_age=ANSWERED_FOR,
        path=reverse("feedback:answer", kwargs={"token": feedback_form.token}),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@login_not_required
def thanks(request, token: str):
    """Only after this browser's answers to this form were received; otherwise back to the form."""
    feedback_form = _public_form(token)
    try:
        answered = request.get_signed_cookie(ANSWERED_COOKIE, salt=ANSWERED_COOKIE, max_age=ANSWERED_FOR)
    except (KeyError, BadSignature):
        answered = None
    if answered != feedback_form.token:
        return redirect("feedback:answer", token=feedback_form.token)
    return render(request, "performance/feedback/thanks.html", {"feedback_form": feedback_form})


# --- The programme team's pages ----------------------------------------------------------------------


def forms_list(request):
    """The forms a user may manage: their programmes' (the team), or every programme's (definers)."""
    forms = selectors.forms_manageable_by(user=request.user).order_by("programme__name", "title", "pk")
    return render(
        request,
        "performance/feedback/forms.html",
        {
            "forms": forms,
            "waiting": selectors.waiting_comments(user=request.user).count(),
            "may_make": selectors.programmes_for_forms(user=request.user).exists(),
        },
    )


def form_new(request):
    """Build a form from the question bank for a programme the user may manage (`feedback_form_create`
    checks again, and audits a refusal)."""
    programmes = selectors.programmes_for_forms(user=request.user).order_by("name")
    # Programmes the user could otherwise choose, not offered: with no team, no one could read the answers.
    without_team = (
        selectors.programmes_changeable(user=request.user)
        .filter(pk__in=selectors.programmes_without_team().values("pk"))
        .order_by("name")
    )
    bank = list(FeedbackQuestion.objects.order_by("pk"))
    form = FormBuildForm(request.POST or None, programmes=programmes, questions=bank)
    if request.method == "POST" and form.is_valid():
        programme = Programme.objects.filter(pk=int(form.cleaned_data["programme"])).first()
        if programme is None:
            form.add_error("programme", "Choose a programme from the list")
        else:
            try:
                made = services.feedback_form_create(
                    by=request.user,
                    programme=programme,
                    title=form.cleaned_data["title"],
                    audience=form.cleaned_data["audience"],
                    easy_read=form.cleaned_data["easy_read"] == "yes",
                    questions=form.ordered_codes,
                )
            except services.FormAlreadyMade as repeated:
                messages.success(
                    request, f"{repeated.form.title} was made already (the page was sent twice)."
                )
                return redirect("feedback:form", pk=repeated.form.pk)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, f"{made.title} is made and open for answers.")
                return redirect("feedback:form", pk=made.pk)
    return render(
        request,
        "performance/feedback/build.html",
        {
            "form": form,
            "no_programmes": not programmes.exists(),
            "without_team": list(without_team),
            "reads_only": selectors.programmes_with_feedback_for(user=request.user).exists(),
        },
        status=answered(form),
    )


def _page(request, feedback_form, *, invitations=None, status=200):
    """A form's page: its set-up (link, QR code, questions and the measures they feed) for those who may
    manage it, and what its answers say (summary, comments, invitations, import) for its team only."""
    programme = feedback_form.programme
    team = selectors.may_see_responses(request.user, programme)
    fed = selectors.measures_fed(form=feedback_form)
    context = {
        "feedback_form": feedback_form,
        "link": qr.public_link(request, feedback_form),
        "team": team,
        # What to offer: a viewer in the team reads, and is offered nothing to change.
        "may_change": selectors.may_change_feedback(request.user, programme),
        "may_change_responses": selectors.may_change_responses(request.user, programme),
        "questions": [
            (q, question_label(q, easy_read=feedback_form.easy_read), fed.get(q.pk, []))
            for q in feedback_form.ordered_questions()
        ],
        "may_link": selectors.measures_linkable(user=request.user, form=feedback_form).exists()
        and bool(selectors.questions_linkable(form=feedback_form)),
    }
    if team:
        comments = selectors.comments_visible_to(user=request.user).filter(response__form=feedback_form)
        context.update(
            summary=selectors.form_summary(form=feedback_form),
            unusual_days=selectors.unusual_days(form=feedback_form),
            answers_per_hour=ANSWERS_PER_HOUR,
            answers_per_day=ANSWERS_PER_DAY,
            comments=comments.order_by("state", "-response__received_on", "-pk")[:200],
            responses=feedback_form.responses.count(),
            invitations=invitations or InvitationsForm(),
            themes=dict(scales.THEMES),
        )
    return render(request, "performance/feedback/form.html", context, status=status)


def form_detail(request, pk: int):
    """A form's set-up for those who may manage it; what its answers say, per question and quarter, and
    its comments, for the programme's team only."""
    return _page(request, found(selectors.forms_manageable_by(user=request.user), pk))


def measure_link(request, pk: int):
    """Feed a measure of the form's programme from one of its questions with positive answers (those who
    define measures). `feedback_measure_link` checks again, and audits a refusal."""
    feedback_form = found(selectors.forms_manageable_by(user=request.user), pk)
    if not may_define_measures(request.user):
        raise PermissionDenied("Only administrators, analysts and plan editors link measures to feedback.")
    measures = selectors.measures_linkable(user=request.user, form=feedback_form)
    questions = selectors.questions_linkable(form=feedback_form)
    form = MeasureLinkForm(request.POST or None, questions=questions, measures=measures)
    if request.method == "POST" and form.is_valid():
        measure = Measure.objects.filter(pk=int(form.cleaned_data["measure"])).first()
        question = next(q for q in questions if q.code == form.cleaned_data["question"])
        if measure is None:
            form.add_error("measure", "Choose a measure from the list")
        else:
            try:
                services.feedback_measure_link(
                    by=request.user, measure=measure, question=question, form=feedback_form
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, f"{measure.code} is fed by \u201c{question.wording}\u201d.")
                return redirect("feedback:form", pk=feedback_form.pk)
    return render(
        request,
        "performance/feedback/link.html",
        {
            "feedback_form": feedback_form,
            "form": form,
            "measures": measures,
            "fed": selectors.measures_fed(form=feedback_form),
            "questions": questions,
        },
        status=answered(form),
    )


def _qr_form(request, pk: int):
    feedback_form = found(selectors.forms_manageable_by(user=request.user), pk)
    return feedback_form, qr.public_link(request, feedback_form)


@require_GET
def qr_svg(request, pk: int):
    """The QR code of the form's public link, as SVG (shown on its page and poster; to download)."""
    feedback_form, link = _qr_form(request, pk)
    response = HttpResponse(
        qr.qr_svg(link, title=f"QR code: {feedback_form.title}"), content_type="image/svg+xml"
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="feedback-form-{feedback_form.pk}-qr.svg"'
    return response


@require_GET
def qr_png(request, pk: int):
    feedback_form, link = _qr_form(request, pk)
    response = HttpResponse(qr.qr_png(link), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="feedback-form-{feedback_form.pk}-qr.png"'
    return response


@require_GET
def poster(request, pk: int):
    """A printable A4 poster: the form's title, a large QR code, "scan to tell us what you think", and
    the link written out for those who cannot scan."""
    feedback_form, link = _qr_form(request, pk)
    return render(request, "performance/feedback/poster.html", {"feedback_form": feedback_form, "link": link})


@require_POST
def form_open(request, pk: int):
    feedback_form = found(selectors.forms_manageable_by(user=request.user), pk)
    is_open = request.POST.get("open") == "yes"
    services.feedback_form_open(by=request.user, form=feedback_form, is_open=is_open)
    messages.success(request, f"{feedback_form.title} is {'open' if is_open else 'closed'}.")
    return redirect("feedback:form", pk=feedback_form.pk)


@require_POST
def invitations_log(request, pk: int):
    from django.utils import timezone

    feedback_form = found(selectors.forms_visible_to(user=request.user), pk)
    form = InvitationsForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_invitations_log(
                by=request.user,
                form=feedback_form,
                day=timezone.localdate(),
                count=form.cleaned_data["count"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Invitations logged for this quarter.")
            return redirect("feedback:form", pk=feedback_form.pk)
    return _page(request, feedback_form, invitations=form, status=400)


def _changes_responses(request, programme) -> None:
    """The moderation and import pages, asked for (GET) or sent, by someone of the team who only reads
    (a viewer): refused (403, audited by the refusal page); the services check again when sent."""
    if not selectors.may_change_responses(request.user, programme):
        raise PermissionDenied("Your role only reads the programme's feedback.")


def comment_moderate(request, pk: int):
    """Redact further, code themes, publish or withhold (the programme's team)."""
    comment = found(selectors.comments_visible_to(user=request.user), pk)
    _changes_responses(request, comment.response.form.programme)
    initial = {
        "text": comment.text,
        "themes": comment.themes,
        "decision": comment.state if comment.state != "waiting" else None,
    }
    form = ModerateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_comment_moderate(
                by=request.user,
                comment=comment,
                text=form.cleaned_data["text"],
                themes=form.cleaned_data["themes"],
                decision=form.cleaned_data["decision"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Comment moderated.")
            return redirect("feedback:form", pk=comment.response.form_id)
    return render(
        request,
        "performance/feedback/moderate.html",
        {"comment": comment, "form": form},
        status=answered(form),
    )


def import_responses(request, pk: int):
    """Upload an export, then map its columns and answers; imported whole or not at all."""
    feedback_form = found(selectors.forms_visible_to(user=request.user), pk)
    _changes_responses(request, feedback_form.programme)
    context = {"feedback_form": feedback_form, "problems": None, "mapping": None}
    upload = UploadForm()
    if request.method == "POST" and "content" not in request.POST:
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            handle = upload.cleaned_data["file"]
            if handle.size > UPLOAD_LARGEST:
                upload.add_error("file", "The file must be 2 MB or smaller")
            else:
                try:
                    text = handle.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    upload.add_error(
                        "file", "The file must be UTF-8 text: save it from the tool as CSV UTF-8"
                    )
                else:
                    try:
                        preview = services.import_read(file_name=handle.name, text=text)
                    except DataFileError as error:
                        context["problems"] = error.problems
                    else:
                        context.update(
                            mapping=MappingForm(preview=preview, feedback_form=feedback_form),
                            content=text,
                            file_name=handle.name,
                        )
    elif request.method == "POST":
        text, file_name = request.POST.get("content", ""), request.POST.get("file_name", "export.csv")[:200]
        try:
            preview = services.import_read(file_name=file_name, text=text)
        except DataFileError as error:
            context["problems"] = error.problems
        else:
            mapping = MappingForm(request.POST, preview=preview, feedback_form=feedback_form)
            context.update(mapping=mapping, content=text, file_name=file_name)
            if mapping.is_valid():
                try:
                    imported = services.feedback_import(
                        by=request.user,
                        form=feedback_form,
                        file_name=file_name,
                        text=text,
                        columns=mapping.columns(),
                        answers=mapping.answers(),
                        date_order=mapping.cleaned_data["date_order"],
                    )
                except DataFileError as error:
                    context["problems"] = error.problems
                else:
                    messages.success(request, imported.said(file_name))
                    return redirect("feedback:form", pk=feedback_form.pk)
    context["upload"] = upload
    failed = context["problems"] or upload.errors
    return render(request, "performance/feedback/import.html", context, status=400 if failed else 200)
