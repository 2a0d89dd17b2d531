"""Administrators keep organisations and their members in the admin. The defect: saving any
organisation's page, even unchanged, was a server error, so memberships could not be added or ended."""

import pytest

from equalchance.accounts.models import Membership, Organisation
from equalchance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def page_data(page, **fields) -> dict:
    """What the organisation's change page posts: its fields and the membership inline's forms."""
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, field.initial) or "" for name, field in form.fields.items()}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    (inline,) = page.context["inline_admin_formsets"]
    formset = inline.formset
    data.update(
        {f"{formset.management_form.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    )
    for member_form in formset.forms:  # each with what the browser shows selected
        prefix = member_form.prefix
        data[f"{prefix}-role"] = member_form.instance.role or Membership.Role.MEMBER
        if member_form.instance.pk:
            data[f"{prefix}-id"] = member_form.instance.pk
            data[f"{prefix}-user"] = member_form.instance.user_id
    data.update(fields)
    return data


@pytest.fixture
def admin_client(client, user_with_role):
    client.force_login(user_with_role("administrator", username="alex", is_staff=True, is_superuser=True))
    return client


def test_an_organisation_saved_unchanged_is_not_an_error(admin_client):
    hub = Organisation.objects.create(name="Family Hub", kind="voluntary")
    page = admin_client.get(f"/admin/accounts/organisation/{hub.pk}/change/")
    saved = admin_client.post(f"/admin/accounts/organisation/{hub.pk}/change/", page_data(page))
    assert saved.status_code == 302


def test_members_are_added_and_ended_through_the_audited_services(admin_client, user_with_role):
    hub = Organisation.objects.create(name="Family Hub", kind="voluntary")
    worker = user_with_role("provider", username="worker")
    url = f"/admin/accounts/organisation/{hub.pk}/change/"
    page = admin_client.get(url)
    (inline,) = page.context["inline_admin_formsets"]
    prefix = inline.formset.forms[0].prefix
    added = admin_client.post(
        url, page_data(page, **{f"{prefix}-user": worker.pk, f"{prefix}-role": "member"})
    )
    assert added.status_code == 302
    membership = Membership.objects.get(user=worker, organisation=hub, ended_at=None)
    assert AuditEvent.objects.filter(action="accounts.membership_add", object_id=str(membership.pk)).exists()

    page = admin_client.get(url)
    (inline,) = page.context["inline_admin_formsets"]
    prefix = inline.formset.forms[0].prefix
    ended = admin_client.post(url, page_data(page, **{f"{prefix}-end_now": "on"}))
    assert ended.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None  # the row stays: who belonged when is still known
    assert AuditEvent.objects.filter(action="accounts.membership_end", object_id=str(membership.pk)).exists()


def test_a_new_organisation_is_added_and_audited(admin_client):
    page = admin_client.get("/admin/accounts/organisation/add/")
    created = admin_client.post(
        "/admin/accounts/organisation/add/",
        page_data(page, name="Chelmsley Wood Primary", kind="school", urn="103984"),
    )
    assert created.status_code == 302
    school = Organisation.objects.get(name="Chelmsley Wood Primary")
    assert (school.kind, school.urn) == ("school", "103984")
    assert AuditEvent.objects.filter(action="accounts.organisation_create", object_id=str(school.pk)).exists()
