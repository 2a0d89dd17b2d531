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
    # PDF/UA: every figure (a chart, a map) carries alternative text (probe 8: none did).
    unsaid = [figure for figure in _elements(catalog["/StructTreeRoot"]) if figure.get("/S") == "/Figure"]
    assert all(str(figure.get("/Alt", "")).strip() for figure in unsaid), "a figure has no /Alt"


def _elements(node, depth: int = 0):
    """The structure elements under a node of the structure tree, depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if depth > 200:
        return
    if isinstance(node, dict):
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if kids is not None:
            yield from _elements(kids, depth + 1)
    elif isinstance(node, list):
        for kid in node:
            yield from _elements(kid, depth + 1)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
