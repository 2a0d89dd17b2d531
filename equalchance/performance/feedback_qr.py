"""A feedback form's QR code: the absolute address of its public link, drawn by segno (pure Python,
BSD-3-Clause) as SVG for pages and posters and as PNG to download. Medium error correction (15%), so a
poster a little scuffed or folded still scans; a quiet zone of four modules, as the standard asks."""

import io

import segno
from django.urls import reverse

ERROR_CORRECTION = "m"
QUIET_ZONE = 4


def public_link(request, form) -> str:
    """The form's public link as an absolute address, on the host the team reached this page by (checked
    against ALLOWED_HOSTS by Django; https behind the proxy, settings.SECURE_PROXY_SSL_HEADER)."""
    return request.build_absolute_uri(reverse("feedback:answer", kwargs={"token": form.token}))


def qr_code(link: str) -> segno.QRCode:
    return segno.make(link, error=ERROR_CORRECTION, micro=False, boost_error=False)


def qr_svg(link: str, *, title: str) -> bytes:
    """An SVG that scales to its box (no fixed size), with a title for assistive technology (segno
    escapes it: a form's title is text here too)."""
    out = io.BytesIO()
    qr_code(link).save(
        out,
        kind="svg",
        scale=1,
        border=QUIET_ZONE,
        xmldecl=False,
        omitsize=True,
        title=title,
        desc=f"QR code of {link}",
        dark="#0b0c0c",
        light="#ffffff",
        svgclass="app-qr",
        lineclass=None,
    )
    return out.getvalue()


def qr_png(link: str, *, scale: int = 16) -> bytes:
    """A PNG of the code, big enough to print (16 pixels a module: about 600 pixels a side)."""
    out = io.BytesIO()
    qr_code(link).save(out, kind="png", scale=scale, border=QUIET_ZONE, dark="#0b0c0c", light="#ffffff")
    return out.getvalue()
