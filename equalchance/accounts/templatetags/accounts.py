from django import template

register = template.Library()


@register.filter
def in_groups_of_four(secret: str) -> str:
    """An authenticator key as people type it: 'JBSW Y3DP EHPK 3PXP'."""
    text = str(secret)
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
