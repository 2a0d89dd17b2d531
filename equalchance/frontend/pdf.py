"""Every PDF the product makes is drawn by WeasyPrint from an HTML document as tagged PDF (PDF/UA-1):
a structure tree, marked content, the document's language and its title, so screen readers can read
board papers."""

PDF_VARIANT = "pdf/ua-1"


def tagged_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when needed: it loads Pango

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
