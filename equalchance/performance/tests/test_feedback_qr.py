"""Each feedback form's QR code: the SVG on its page and poster and the PNG to download both decode to
the form's absolute public link, on the host the team used; the page shows the link as text beside the
code, with alt text; the poster is the title, a large code, "scan to tell us what you think" and the
link. Only those who may manage the form get them."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
import segno
import zxingcpp
from django.urls import reverse
from PIL import Image

HOST = "feedback.partnership.example"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return HOST


def absolute_link(form, scheme="http"):
    return f"{scheme}://{HOST}/feedback/{form.token}/"


def svg_modules(svg: bytes) -> tuple[list[list[int]], str]:
    """The dark modules segno's SVG path draws (moves "M x y" / "m dx dy", runs "h n" along the row at
    y + 0.5), as a matrix without the quiet zone, and the title."""
    root = ET.fromstring(svg)
    size = int(root.get("viewBox").split()[2])
    paths = [p for p in root.iter(f"{SVG}path") if p.get("stroke")]
    assert len(paths) == 1
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", paths[0].get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                grid[int(y)][column] = 1
            x += float(a)
    border = 4
    return [row[border:-border] for row in grid[border:-border]], root.find(f"{SVG}title").text


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def matrix_image(matrix, scale=8, border=4) -> Image.Image:
    size = (len(matrix) + 2 * border) * scale
    image = Image.new("L", (size, size), 255)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                left, top = (column + border) * scale, (row + border) * scale
                image.paste(0, (left, top, left + scale, top + scale))
    return image


def test_the_svg_is_the_qr_code_of_the_forms_absolute_link_and_decodes_to_it(
    client, host, team_member, feedback_form
):
    client.force_login(team_member)
    response = client.get(reverse("feedback:qr-svg", args=[feedback_form.pk]), HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    modules, title = svg_modules(response.content)
    link = absolute_link(feedback_form)
    expected = [list(row) for row in segno.make(link, error="m", micro=False, boost_error=False).matrix]
    assert modules == expected
    assert decoded(matrix_image(modules)) == [link]
    assert title == "QR code: Tell us about Family Help"


def test_the_png_download_decodes_to_the_forms_absolute_link(client, host, team_member, feedback_form):
    client.force_login(team_member)
    response = client.get(reverse("feedback:qr-png", args=[feedback_form.pk]), HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"] == f'attachment; filename="feedback-form-{feedback_form.pk}-qr.png"'
    )
    image = Image.open(io.BytesIO(response.content))
    assert image.width >= 400  # big enough to print
    assert decoded(image) == [absolute_link(feedback_form)]


def test_behind_the_https_proxy_the_code_carries_the_https_link(
    client, host, settings, team_member, feedback_form
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client.force_login(team_member)
    response = client.get(
        reverse("feedback:qr-png", args=[feedback_form.pk]), HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https"
    )
    assert decoded(Image.open(io.BytesIO(response.content))) == [absolute_link(feedback_form, "https")]


def test_the_forms_page_shows_the_code_with_alt_text_and_the_link_as_text_beside_it(
    client, host, team_member, feedback_form
):
    client.force_login(team_member)
    page = client.get(reverse("feedback:form", args=[feedback_form.pk]), HTTP_HOST=host).content.decode()
    link = absolute_link(feedback_form)
    assert f'src="{reverse("feedback:qr-svg", args=[feedback_form.pk])}"' in page
    assert f'alt="QR code that opens the form at {link}"' in page
    assert f'<a class="govuk-link" href="{link}" data-testid="feedback-link">{link}</a>' in page
    assert reverse("feedback:qr-png", args=[feedback_form.pk]) in page
    assert reverse("feedback:poster", args=[feedback_form.pk]) in page


def test_the_poster_is_a4_with_the_title_a_large_code_the_call_to_scan_and_the_link(
    client, host, definer, feedback_form
):
    client.force_login(definer)  # defines measures: manages the form without being in its team
    page = client.get(reverse("feedback:poster", args=[feedback_form.pk]), HTTP_HOST=host).content.decode()
    poster = page.split('data-testid="feedback-poster"', 1)[1]
    assert "<h1" in poster and "Tell us about Family Help</h1>" in poster
    assert "Scan to tell us what you think" in poster
    assert absolute_link(feedback_form) in poster
    assert f'alt="QR code that opens the form at {absolute_link(feedback_form)}"' in poster
    assert "size: A4 portrait" in page and "width: 140mm" in page


def test_someone_who_may_not_manage_the_form_gets_no_code_or_poster(client, stranger, feedback_form):
    client.force_login(stranger)
    for name in ("feedback:qr-svg", "feedback:qr-png", "feedback:poster"):
        assert client.get(reverse(name, args=[feedback_form.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("feedback:qr-svg", args=[feedback_form.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))
