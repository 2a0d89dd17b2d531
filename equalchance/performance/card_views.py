"""Report card pages and files: the RBA programme report card (guide section 7, report 6) as a page,
tagged PDF, DOCX, ODT and XLSX, and the turn-the-curve card (`views.card`) as DOCX, ODT and XLSX beside
its PDF. Thin: `cards` and the selectors decide what each reader sees; `card_files` draws the files."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from equalchance.frontend.pdf import tagged_pdf
from equalchance.performance import card_files, cards, selectors
from equalchance.performance.views import _card, found

PDF = "application/pdf"


def _programme_card(request, pk: int) -> cards.ProgrammeCard:
    programme = found(selectors.programmes_visible_to(user=request.user), pk)
    return cards.programme_card(user=request.user, programme=programme, today=timezone.localdate())


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_not_required  # open to all: the selectors decide what each reader sees
def programme_list(request):
    """The programmes the reader may see, each opening its report card."""
    programmes = selectors.programmes_visible_to(user=request.user).order_by("name", "pk")
    return render(
        request,
        "performance/programme_list.html",
        {"programmes": programmes, "may_define": selectors.may_define_measures(request.user)},
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def programme_card(request, pk: int):
    return render(
        request,
        "performance/programme_card.html",
        {"card": _programme_card(request, pk), "may_define": selectors.may_define_measures(request.user)},
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def programme_card_file(request, pk: int, file_format: str):
    card = _programme_card(request, pk)
    name = card_files.file_name("rba-report-card", card.programme.name, card.as_at, file_format)
    if file_format == "pdf":
        html = render_to_string("performance/programme_card_document.html", {"card": card}, request=request)
        return _download(tagged_pdf(html), PDF, name)
    if file_format not in card_files.FORMATS:
        raise Http404("A report card is written as PDF, DOCX, ODT or XLSX.")
    return _download(card_files.programme_file(card, file_format), card_files.FORMATS[file_format], name)


@login_not_required  # open to all: the selectors decide what each reader sees
def measure_card_file(request, pk: int, file_format: str):
    """The turn-the-curve card as DOCX, ODT or XLSX, with the same content as its page and PDF."""
    if file_format not in card_files.FORMATS:
        raise Http404("A report card is written as PDF, DOCX, ODT or XLSX.")
    context = _card(request, pk)
    measure = context["measure"]
    name = card_files.file_name("turn-the-curve", measure.code, context["as_at"], file_format)
    return _download(card_files.measure_file(context, file_format), card_files.FORMATS[file_format], name)
