"""What every PDF the product makes must be: tagged (PDF/UA), with a language and a title shown."""

import io


def assert_tagged(content: bytes, title: str) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == title
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
