"""`{% load background_work %}{% if request.user|may_start:"national-recompute" %}`: whether a user may
start a kind of background work, for pages of other apps that offer the button."""

from django import template

from equalchance.accounts.permissions import user_can
from equalchance.background.kinds import KINDS

register = template.Library()


@register.filter
def may_start(user, kind: str) -> bool:
    return kind in KINDS and user_can(user, KINDS[kind].capability)
