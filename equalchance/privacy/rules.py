"""How long each kind of personal data the product holds is kept, and what happens then. Plain data, no
Django: the periods are the partnership's policy (set them in settings.RETENTION_DAYS); the defaults
below are a starting point a data protection officer is expected to review, not legal advice."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Rule:
    key: str
    holds: str  # what personal data
    starts: str  # the event the period runs from
    days: int
    then: str  # what is done when the period ends

    def due_before(self, now: datetime, days: int | None = None) -> datetime:
        """Records whose period started before this moment are due."""
        return now - timedelta(days=self.days if days is None else days)


RULES = (
    Rule(
        "referral",
        "a referred person's name, contact, reason and the decision's reason",
        "the referral was decided (or made, if never decided)",
        730,
        "the personal details are removed; the referral stays as a record that a referral was made",
    ),
    Rule(
        "comment_email",
        "the e-mail address of someone who commented on the Local Offer",
        "the council responded (or the comment arrived, if it had no response)",
        183,
        "the address is removed; a published comment and its response stay published",
    ),
    Rule(
        "unconfirmed_registration",
        "the account of a provider who registered and never confirmed their e-mail address",
        "they registered",
        30,
        "the account, its membership and its organisation (if it has no entries) are deleted",
    ),
)
BY_KEY = {rule.key: rule for rule in RULES}
