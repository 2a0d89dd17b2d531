"""Feedback pages: the public form anyone answers from its link (no sign-in, no JavaScript, CSRF-protected,
rate-limited), and the programme team's pages (the forms and what they say, moderating comments,
logging invitations, importing another tool's export). Thin: `feedback_selectors` decide who sees what
and `feedback_services` make every change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from equalchance.common.rate_limits import too_many
from equalchance.common.validated_csv import DataFileError
from equalchance.performance import feedback_scales as scales
from equalchance.performance import feedback_selectors as selectors
from equalchance.performance import feedback_services as services
from equalchance.performance.feedback_forms import (
    NO_PERSONAL_DETAILS,
    AnswerForm,
    InvitationsForm,
    MappingForm,
    ModerateForm,
    UploadForm,
)
from equalchance.performance.views import form_errors, found

# Answers to one form from one address in an hour: a group session on a children's centre's shared
# connection or tablet answers together (the probe found 5 an hour turned parents away); a flood is still
# stopped. Each form counts apart.
ANSWERS_PER_HOUR = 60
UPLOAD_LARGEST = 2 * 1024 * 1024


def _public_form(token: str):
    form = selectors.form_open_for_answers(token)
    if form is None:
        raise Http404("No such feedback form.")
    return form


@login_not_required  # anyone with the link answers; nothing about them is kept
def answer(request, token: str):
    feedback_form = _public_form(token)
    context = {"feedback_form": feedback_form, "warning": NO_PERSONAL_DETAILS}
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
        if too_many(request, f"feedback-form-{feedback_form.pk}", limit=ANSWERS_PER_HOUR):
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
                return redirect("feedback:thanks", token=feedback_form.token)
            if status == 200:
                return redirect("feedback:thanks", token=feedback_form.token)
        else:
            status = 400
    context["form"] = form
    return render(request, "performance/feedback/answer.html", context, status=status)


@login_not_required
def thanks(request, token: str):
    return render(request, "performance/feedback/thanks.html", {"feedback_form": _public_form(token)})


# --- The programme team's pages ----------------------------------------------------------------------


def forms_list(request):
    forms = selectors.forms_visible_to(user=request.user).order_by("programme__name", "title")
    return render(
        request,
        "performance/feedback/forms.html",
        {"forms": forms, "waiting": selectors.waiting_comments(user=request.user).count()},
    )


def _page(request, feedback_form, *, invitations=None, status=200):
    comments = selectors.comments_visible_to(user=request.user).filter(response__form=feedback_form)
    return render(
        request,
        "performance/feedback/form.html",
        {
            "feedback_form": feedback_form,
            "link": request.build_absolute_uri(f"/feedback/{feedback_form.token}/"),
            "summary": selectors.form_summary(form=feedback_form),
            "comments": comments.order_by("state", "-response__received_on", "-pk")[:200],
            "responses": feedback_form.responses.count(),
            "invitations": invitations or InvitationsForm(),
            "themes": dict(scales.THEMES),
        },
        status=status,
    )


def form_detail(request, pk: int):
    """What one form's answers say, per question and quarter, and its comments (the team only)."""
    return _page(request, found(selectors.forms_visible_to(user=request.user), pk))


@require_POST
def form_open(request, pk: int):
    feedback_form = found(selectors.forms_visible_to(user=request.user), pk)
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


def comment_moderate(request, pk: int):
    """Redact further, code themes, publish or withhold (the programme's team)."""
    comment = found(selectors.comments_visible_to(user=request.user), pk)
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
        status=400 if form.errors else 200,
    )


def import_responses(request, pk: int):
    """Upload an export, then map its columns and answers; imported whole or not at all."""
    feedback_form = found(selectors.forms_visible_to(user=request.user), pk)
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
                    written = services.feedback_import(
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
                    messages.success(request, f"{written} responses imported from {file_name}.")
                    return redirect("feedback:form", pk=feedback_form.pk)
    context["upload"] = upload
    failed = context["problems"] or upload.errors
    return render(request, "performance/feedback/import.html", context, status=400 if failed else 200)
