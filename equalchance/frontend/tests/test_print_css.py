"""A title in a printed page's footer reads as typed, whatever characters it holds (the footers
printed "u0026" for "&" before)."""

from equalchance.frontend.pdf import tagged_pdf
from equalchance.frontend.templatetags.print_css import css_string
from equalchance.frontend.tests.tagged import pdf_text


def test_a_footer_prints_ampersands_hyphens_and_quotes_as_typed_and_cannot_end_the_style():
    title = 'Children & Skills 2014-17 "refresh" </style><script>'
    footer = f'@page {{ @bottom-left {{ content: "{css_string(title)}"; }} }}'
    html = (
        f'<html lang="en-GB"><head><title>t</title><style>{footer}</style></head><body><p>x</p></body></html>'
    )
    text = pdf_text(tagged_pdf(html))
    assert title in text and "u0026" not in text
    assert "</style>" not in css_string(title) and "<script" not in css_string(title)
