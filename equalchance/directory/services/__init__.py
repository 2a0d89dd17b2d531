"""Writes for the directory, one module per kind of record; each checks who may, and audits in the
transaction of the change. Import the functions from here."""

from equalchance.directory.services.comments import comment_answer, comment_receive
from equalchance.directory.services.duplicates import not_duplicate_mark, not_duplicate_undo
from equalchance.directory.services.entries import (
    service_archive,
    services_merge,
    submission_approve,
    submission_create,
    submission_return,
)
from equalchance.directory.services.problems import problem_report_receive, problem_report_resolve
from equalchance.directory.services.referrals import AlreadyDecided, referral_create, referral_decide
from equalchance.directory.services.registration import provider_register

__all__ = [
    "AlreadyDecided",
    "comment_answer",
    "comment_receive",
    "not_duplicate_mark",
    "not_duplicate_undo",
    "problem_report_receive",
    "problem_report_resolve",
    "provider_register",
    "referral_create",
    "referral_decide",
    "service_archive",
    "services_merge",
    "submission_approve",
    "submission_create",
    "submission_return",
]
