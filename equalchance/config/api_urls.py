"""The JSON API. Its views answer for themselves (403 in JSON), so they skip the sign-in redirect."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from equalchance.plans.api import views as plans
from equalchance.scorecards.api import views as scorecards

app_name = "api"


def api(view, **options):
    return login_not_required(view.as_view(**options))


urlpatterns = [
    # The document describes the private endpoints too, so it is for signed-in users (JSON 403 otherwise);
    # the open Open Referral UK feed keeps its own public document at /api/oruk/openapi.json.
    path("schema/", api(SpectacularAPIView, permission_classes=[IsAuthenticated]), name="schema"),
    path("scorecards/", api(scorecards.ScorecardList), name="scorecards"),
    path("scorecards/<int:pk>/", api(scorecards.ScorecardDetail), name="scorecard"),
    path("snapshots/<int:pk>/", api(scorecards.SnapshotDetail), name="snapshot"),
    path("public/snapshots/<int:pk>/", api(scorecards.PublicSnapshotDetail), name="public-snapshot"),
    # Plans, boards and meetings: open to anyone, each caller seeing what plans.selectors allow.
    path("plans/", api(plans.PlanList), name="plans"),
    path("plans/<int:pk>/", api(plans.PlanDetail), name="plan"),
    path("plans/actions/<int:pk>/", api(plans.ActionDetail), name="plan-action"),
    path("plans/boards/", api(plans.BoardList), name="plan-boards"),
    path("plans/boards/<int:pk>/", api(plans.BoardDetail), name="plan-board"),
    path("plans/meetings/<int:pk>/", api(plans.MeetingDetail), name="plan-meeting"),
]
