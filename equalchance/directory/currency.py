"""Keeping the directory current: each entry is due to be checked 12 months after it last was; the
owning organisation is reminded by e-mail before that, moderators see what is overdue, and a summary
says how current the directory is."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q

from equalchance.accounts.models import Organisation
from equalchance.directory.models import ReviewReminder, Service
from equalchance.directory.selectors import services_public

REVIEW_EVERY = timedelta(days=365)
REMIND_BEFORE = timedelta(days=30)


def review_due(service: Service) -> date | None:
    return service.assured_date + REVIEW_EVERY if service.assured_date else None


@dataclass(frozen=True)
class Currency:
    published: int
    checked_in_last_year: int
    overdue: int
    by_organisation: list[tuple[Organisation, int, int]]  # (organisation, overdue, published), worst first

    @property
    def share_checked(self) -> float:
        return self.checked_in_last_year / self.published if self.published else 0.0


def currency_summary(today: date) -> Currency:
    cutoff = today - REVIEW_EVERY
    live = services_public()
    stale = Q(services__assured_date__lt=cutoff) | Q(services__assured_date__isnull=True)
    public = Q(services__in=live)
    organisations = (
        Organisation.objects.annotate(
            published=Count("services", filter=public),
            overdue=Count("services", filter=public & stale),
        )
        .filter(overdue__gt=0)
        .order_by("-overdue", "name")
    )
    return Currency(
        published=live.count(),
        checked_in_last_year=live.filter(assured_date__gte=cutoff).count(),
        overdue=live.filter(Q(assured_date__lt=cutoff) | Q(assured_date__isnull=True)).count(),
        by_organisation=[(o, o.overdue, o.published) for o in organisations],
    )


def overdue_services(today: date):
    return (
        services_public()
        .filter(Q(assured_date__lt=today - REVIEW_EVERY) | Q(assured_date__isnull=True))
        .select_related("organisation")
        .order_by("assured_date", "name")
    )


def reminders_send(today: date) -> int:
    """E-mail each organisation about its entries falling due within 30 days (once per due date)."""
    window_start = today - REVIEW_EVERY  # checked before this: already overdue
    due_soon = (
        services_public()
        .filter(
            synthetic=False,
            assured_date__gte=window_start,
            assured_date__lte=today + REMIND_BEFORE - REVIEW_EVERY,
        )
        .select_related("organisation")
    )
    sent = 0
    by_address: dict[str, list[Service]] = {}
    for service in due_soon:
        address = service.organisation.email or service.email
        due = review_due(service)
        if address and not ReviewReminder.objects.filter(service=service, due=due).exists():
            by_address.setdefault(address, []).append(service)
    for address, services in by_address.items():
        lines = "\n".join(f"- {s.name}: please check it by {review_due(s):%-d %B %Y}" for s in services)
        with transaction.atomic():
            send_mail(
                subject="Your directory entries are due to be checked",
                message=f"These entries in the directory of services are due to be checked:\n\n{lines}\n\n"
                "Sign in to the directory and propose any changes, or tell us they are still right.",
                from_email=None,
                recipient_list=[address],
            )
            for service in services:
                ReviewReminder.objects.create(service=service, sent_to=address, due=review_due(service))
        sent += 1
    return sent
