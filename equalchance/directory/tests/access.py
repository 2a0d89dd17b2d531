"""The directory's rows of the authorisation matrix (see tests/authorization/harness.py): every page
and form outside the public allow-list, by role and by relationship to the records (the referral's
referrer, members of the organisation it was sent to, of another organisation, a former member)."""

from dataclasses import replace

from equalchance.directory.models import (
    LocalOfferComment,
    NotDuplicate,
    ProblemReport,
    Referral,
    Service,
    Submission,
)
from equalchance.directory.tests.factories import LocalOfferCommentFactory, ServiceFactory, SubmissionFactory
from tests.authorization.harness import Case, for_every_role, for_every_signed_in


def populate(world) -> None:
    from equalchance.directory.services import referral_create

    service = ServiceFactory(organisation=world.receiving, name="Parenting group")
    world.records["service"] = service
    world.records["submission"] = SubmissionFactory(service=service)
    world.records["comment"] = LocalOfferCommentFactory()
    world.records["problem"] = ProblemReport.objects.create(service=service, kind="times")
    # Likely duplicates of it: one to compare, merge or mark; one already marked as not a duplicate.
    world.records["twin"] = ServiceFactory(organisation=world.receiving, name="Parenting group (again)")
    world.records["lookalike"] = ServiceFactory(organisation=world.receiving, name="Parenting groups")
    from equalchance.directory.services import not_duplicate_mark

    world.records["not_duplicate"] = not_duplicate_mark(
        by=world.people["moderator"], first=service, second=world.records["lookalike"]
    )
    world.records["referral"] = referral_create(
        by=world.people["referrer"],
        service=service,
        person_name="Jo Bloggs",
        person_contact="07700 900123",
        reason="Sleep",
        consent=True,
        consent_note="In person",
    )


def referral(world):
    return {"pk": world.referral.pk}


def referral_state(world):
    return Referral.objects.values_list("state", "decision_reason").get(pk=world.referral.pk)


def referral_count(world):
    return Referral.objects.count()


def service_args(world):
    return {"pk": world.service.pk}


def entry_args(world):
    return {"organisation_pk": world.receiving.pk}


def edit_args(world):
    return {"organisation_pk": world.receiving.pk, "service_pk": world.service.pk}


def submissions(world):
    return list(Submission.objects.order_by("pk").values_list("pk", "state"))


def service_state(world):
    return Service.objects.values_list("published", "status", "name").get(pk=world.service.pk)


def pair_query(world):
    return f"keep={world.service.pk}&duplicate={world.twin.pk}"


def entries_and_decisions(world):
    return (
        list(Service.objects.order_by("pk").values_list("pk", "published", "status")),
        list(NotDuplicate.objects.order_by("pk").values_list("pk", "undone_at")),
    )


ENTRY = {"name": "Hijacked", "postcode": "", "free": "yes"}
REFERRAL_FORM = {
    "person_name": "Sam",
    "person_contact": "07700 900456",
    "reason": "x",
    "consent": "on",
    "consent_note": "In person",
}

ROWS = [
    # A referral: the referrer and current members of the receiving organisation, and nobody else,
    # whatever their role; each refusal is in the audit trail.
    Case("directory:referral", "referrer", 200, args=referral, shows=("Jo Bloggs",)),
    Case("directory:referral", "receiving_member", 200, args=referral, shows=("Jo Bloggs",)),
    *[
        Case("directory:referral", who, 403, args=referral, refusal_audited=True, hides=("Jo Bloggs",))
        for who in ("other_member", "former_member", "viewer", "analyst", "moderator", "administrator")
    ],
    Case("directory:referral", "anonymous", 302, args=referral),
    # Deciding it: the receiving organisation's current members only.
    Case(
        "directory:referral",
        "receiving_member",
        302,
        method="post",
        args=referral,
        data=lambda w: {"decision": "accept"},
    ),
    *[
        Case(
            "directory:referral",
            who,
            403,
            method="post",
            args=referral,
            data=lambda w: {"decision": "accept"},
            refusal_audited=True,
            unchanged=referral_state,
        )
        for who in ("referrer", "other_member", "former_member", "moderator", "administrator")
    ],
    # The list shows each person only what they may see.
    Case("directory:referrals", "referrer", 200, shows=("Parenting group",)),
    Case("directory:referrals", "receiving_member", 200, shows=("Parenting group",)),
    *[
        Case("directory:referrals", who, 200, hides=("Parenting group",))
        for who in ("other_member", "former_member", "analyst", "moderator", "administrator")
    ],
    Case("directory:referrals", "anonymous", 302),
    # Referring someone: practitioners (directory.refer), only to a public service.
    *for_every_role("directory:refer", "directory.refer", args=service_args),
    *for_every_role(
        "directory:refer",
        "directory.refer",
        args=service_args,
        method="post",
        data=lambda w: REFERRAL_FORM,
        allowed=302,
        unchanged=referral_count,
    ),
    # An organisation's entries: its current members (providers) only; others see no such organisation.
    *for_every_signed_in("directory:manage"),
    Case("directory:entry-new", "receiving_member", 200, args=entry_args),
    Case("directory:entry-edit", "receiving_member", 200, args=edit_args),
    *[
        Case(url, who, 404, args=args, why="(not a member)")
        for url, args in (("directory:entry-new", entry_args), ("directory:entry-edit", edit_args))
        for who in ("other_member", "former_member", "administrator")
    ],
    *[
        Case(url, who, 403, args=args, refusal_audited=True, why="(directory.submit)")
        for url, args in (("directory:entry-new", entry_args), ("directory:entry-edit", edit_args))
        for who in ("analyst", "viewer", "moderator")
    ],
    Case(
        "directory:entry-edit",
        "other_member",
        404,
        method="post",
        args=edit_args,
        data=lambda w: ENTRY,
        unchanged=submissions,
    ),
    Case(
        "directory:entry-new",
        "former_member",
        404,
        method="post",
        args=entry_args,
        data=lambda w: ENTRY,
        unchanged=submissions,
    ),
    # Moderation: moderators and administrators.
    *for_every_role("directory:moderation", "directory.moderate"),
    *for_every_role("directory:currency", "directory.moderate"),
    *for_every_role("directory:duplicates", "directory.moderate"),
    *for_every_role("directory:feedback-queue", "directory.moderate"),
    *for_every_role("directory:submission", "directory.moderate", args=lambda w: {"pk": w.submission.pk}),
    *for_every_role(
        "directory:submission",
        "directory.moderate",
        args=lambda w: {"pk": w.submission.pk},
        method="post",
        data=lambda w: {"decision": "approve"},
        allowed=302,
        unchanged=submissions,
    ),
    *for_every_role(
        "directory:archive",
        "directory.moderate",
        args=service_args,
        method="post",
        data=lambda w: {"reason": "Closed"},
        allowed=302,
        unchanged=service_state,
    ),
    *for_every_role(
        "directory:duplicates",
        "directory.moderate",
        method="post",
        data=lambda w: {"keep": w.service.pk, "duplicate": w.service.pk},
        allowed=400,
        unchanged=service_state,
    ),
    # Likely duplicates: compared side by side, merged from there, or marked as not duplicates (and
    # undone), by moderators only; not even the entries' own organisation's members.
    *for_every_role("directory:duplicate-compare", "directory.moderate", query=pair_query),
    *[
        replace(case, why=f"{case.why} (merge)")
        for case in for_every_role(
            "directory:duplicates",
            "directory.moderate",
            method="post",
            data=lambda w: {"keep": w.service.pk, "duplicate": w.twin.pk},
            allowed=302,
            unchanged=entries_and_decisions,
        )
    ],
    *for_every_role("directory:not-duplicates", "directory.moderate"),
    *for_every_role(
        "directory:not-duplicates",
        "directory.moderate",
        method="post",
        data=lambda w: {"first": w.twin.pk, "second": w.service.pk},
        allowed=302,
        unchanged=entries_and_decisions,
    ),
    *for_every_role(
        "directory:not-duplicate-undo",
        "directory.moderate",
        method="post",
        data=lambda w: {"decision": w.not_duplicate.pk},
        allowed=302,
        unchanged=entries_and_decisions,
    ),
    *[
        Case(
            url,
            "receiving_member",
            403,
            method=method,
            query=query,
            data=data,
            refusal_audited=True,
            unchanged=entries_and_decisions if method == "post" else None,
            why="(the entries' own organisation)",
        )
        for url, method, query, data in (
            ("directory:duplicate-compare", "get", pair_query, None),
            ("directory:duplicates", "post", "", lambda w: {"keep": w.service.pk, "duplicate": w.twin.pk}),
            ("directory:not-duplicates", "post", "", lambda w: {"first": w.twin.pk, "second": w.service.pk}),
            ("directory:not-duplicate-undo", "post", "", lambda w: {"decision": w.not_duplicate.pk}),
        )
    ],
    *for_every_role(
        "directory:problem-resolve",
        "directory.moderate",
        args=lambda w: {"pk": w.problem.pk},
        method="post",
        allowed=302,
        unchanged=lambda w: ProblemReport.objects.values_list("resolved_at").get(pk=w.problem.pk),
    ),
    *for_every_role(
        "directory:feedback-queue",
        "directory.moderate",
        method="post",
        data=lambda w: {"comment": w.comment.pk, "decision": "publish", "response": "Thank you"},
        allowed=302,
        unchanged=lambda w: LocalOfferComment.objects.values_list("state").get(pk=w.comment.pk),
    ),
]
