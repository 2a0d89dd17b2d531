"""Comments on the Local Offer from the public, and the council's response (SEND Regulations 2014,
regulation 56: comments received and the response are published; the sender's e-mail never is)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import ANONYMOUS, audit_event_record
from equalchance.directory.entries import clean_text
from equalchance.directory.models import LocalOfferComment


def comment_receive(*, text: str, name: str, email: str) -> LocalOfferComment:
    """A comment from anyone (the form is rate-limited); waits for a moderator."""
    with transaction.atomic():
        comment = LocalOfferComment.objects.create(text=clean_text(text), name=name.strip(), email=email)
        audit_event_record(actor=ANONYMOUS, action=Action.DIRECTORY_COMMENT_RECEIVE, obj=comment)
    return comment


def comment_answer(*, by, comment: LocalOfferComment, response: str, publish: bool) -> None:
    """Publish a comment with the council's response, or withhold it; audited."""
    if not user_can(by, "directory.moderate"):
        raise PermissionDenied("Only directory moderators can answer comments.")
    with transaction.atomic():
        comment.response = clean_text(response)
        comment.state = comment.State.PUBLISHED if publish else comment.State.WITHHELD
        comment.responded_by, comment.responded_at = by, timezone.now()
        comment.save()
        audit_event_record(
            actor=by, action=Action.DIRECTORY_COMMENT_ANSWER, obj=comment, changes={"state": comment.state}
        )
