"""The background work pages: each person sees only their own work, its progress (without JavaScript
too) and its result; the scorecard page starts a board pack."""

import pytest
from django.test import Client, override_settings

from equalchance.accounts.models import Role
from equalchance.background.models import BackgroundTask

pytestmark = pytest.mark.django_db
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker runs it


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_scorecard_page_prepares_the_board_pack_and_only_its_starter_can_download_it(
    scorecard, user_with_role
):
    viewer, other = user_with_role(Role.VIEWER), user_with_role(Role.ADMINISTRATOR)
    client = signed_in(viewer)
    page = client.get(f"/scorecards/{scorecard.pk}/").content.decode()
    assert "Prepare the board pack (PDF)" in page and 'action="/background/start/scorecard-pdf/"' in page
    started = client.post("/background/start/scorecard-pdf/", {"scorecard": scorecard.pk, "as_at": ""})
    task = BackgroundTask.objects.get()
    assert started["Location"] == f"/background/{task.pk}/"
    detail = client.get(started["Location"]).content.decode()
    assert "Finished" in detail and "Download the file" in detail and scorecard.name in detail
    download = client.get(f"/background/{task.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert download["Cache-Control"] == "no-store, private"
    intruder = signed_in(other)  # even an administrator: it is the viewer's work
    for path in ("", "progress/", "download/"):
        assert intruder.get(f"/background/{task.pk}/{path}").status_code == 404, path
    assert f'href="/background/{task.pk}/"' not in intruder.get("/background/").content.decode()


@override_settings(TASKS=QUEUE_ONLY)
def test_work_waiting_for_a_worker_shows_its_progress_with_and_without_javascript(user_with_role):
    moderator = user_with_role(Role.MODERATOR)
    client = signed_in(moderator)
    response = client.post("/background/start/directory-reminders/")
    task = BackgroundTask.objects.get()
    assert task.state == "queued" and task.task_id
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker to start it." in page
    assert 'role="status"' in page and "<progress" in page
    assert f'href="/background/{task.pk}/">Check progress</a>' in page  # works without JavaScript
    assert "background/progress.js" in page
    BackgroundTask.objects.filter(pk=task.pk).update(state="running", done=3, total=11, step="Reading")
    page = client.get(f"/background/{task.pk}/").content.decode()
    assert 'max="11" value="3"' in page and "3 of 11 steps done: Reading." in page
    progress = client.get(f"/background/{task.pk}/progress/").json()
    assert progress == {
        "state": "running",
        "finished": False,
        "done": 3,
        "total": 11,
        "text": "3 of 11 steps done: Reading.",
    }


def test_the_list_shows_your_work_and_the_work_you_may_start(user_with_role):
    admin, analyst = user_with_role(Role.ADMINISTRATOR), user_with_role(Role.ANALYST)
    admin_page = signed_in(admin).get("/background/").content.decode()
    for label in ("Load the national open data", "Recompute the scorecard", "Send the directory"):
        assert label in admin_page
    analyst_page = signed_in(analyst).get("/background/").content.decode()
    assert "Recompute the scorecard" in analyst_page and "Load the national open data" not in analyst_page
    assert "You have not started any background work." in analyst_page


def test_starting_work_you_may_not_do_is_refused_and_nothing_is_queued(user_with_role):
    client = signed_in(user_with_role(Role.ANALYST))
    assert client.post("/background/start/open-data-load/").status_code == 403
    assert client.post("/background/start/no-such-work/").status_code == 404
    assert client.get("/background/start/directory-reminders/").status_code == 405
    assert not BackgroundTask.objects.exists()


def test_a_bad_scorecard_is_refused_with_a_message(user_with_role):
    client = signed_in(user_with_role(Role.VIEWER))
    response = client.post("/background/start/scorecard-pdf/", {"scorecard": "nine"}, follow=True)
    assert "There is no such scorecard in this partnership." in response.content.decode()
    assert not BackgroundTask.objects.exists()


def test_service_providers_see_no_background_work(user_with_role):
    assert signed_in(user_with_role(Role.PROVIDER)).get("/background/").status_code == 403


def test_the_places_and_scorecard_pages_offer_the_work_only_to_who_may_start_it(user_with_role):
    admin, analyst, viewer = (
        user_with_role(role) for role in (Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER)
    )
    districts = "/places/districts/"
    assert 'action="/background/start/open-data-load/"' in signed_in(admin).get(districts).content.decode()
    assert (
        'action="/background/start/open-data-load/"' not in signed_in(analyst).get(districts).content.decode()
    )
    recompute = 'action="/background/start/national-recompute/"'
    assert recompute in signed_in(analyst).get("/scorecards/").content.decode()
    assert recompute not in signed_in(viewer).get("/scorecards/").content.decode()


OUT_OF_RANGE = ["99999999999999999999999", "9223372036854775808", "0"]


@pytest.mark.parametrize("pk", OUT_OF_RANGE)
@pytest.mark.parametrize("page", ["", "progress/", "download/"])
def test_every_page_of_a_task_answers_404_for_an_id_no_task_can_have(user_with_role, pk, page):
    client = signed_in(user_with_role(Role.ANALYST))
    client.raise_request_exception = False
    assert client.get(f"/background/{pk}/{page}").status_code == 404


@pytest.mark.parametrize("scorecard", OUT_OF_RANGE + ["-1", "²", "1e3", " ", "12" * 40])
def test_a_board_pack_of_a_scorecard_no_id_can_name_is_refused_with_a_message(user_with_role, scorecard):
    client = signed_in(user_with_role(Role.VIEWER))
    client.raise_request_exception = False
    response = client.post("/background/start/scorecard-pdf/", {"scorecard": scorecard}, follow=True)
    assert response.status_code == 200
    assert "There is no such scorecard in this partnership." in response.content.decode()
    assert not BackgroundTask.objects.exists()


@pytest.mark.parametrize("year", ["99999999999999999999999", "²", "0", "１２"])
def test_a_board_pack_for_a_year_no_data_can_have_is_refused_with_a_message(user_with_role, scorecard, year):
    client = signed_in(user_with_role(Role.VIEWER))
    client.raise_request_exception = False
    response = client.post(
        "/background/start/scorecard-pdf/", {"scorecard": scorecard.pk, "as_at": year}, follow=True
    )
    assert response.status_code == 200
    assert "The year of the data must be a year from 2000 to now" in response.content.decode()
    assert not BackgroundTask.objects.exists()
