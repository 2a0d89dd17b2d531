"""The scorecard JSON API: thin views over compute, snapshots and their suppression."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_refusal_record
from equalchance.indicators.synthetic import SYNTHETIC_NOTE
from equalchance.scorecards import params, selectors, snapshots
from equalchance.scorecards.api.serializers import (
    ErrorSerializer,
    ScorecardDataSerializer,
    ScorecardSummarySerializer,
)
from equalchance.scorecards.models import Snapshot


def payload(*, id: int, title: str, data: dict, published_at=None, suppressed: bool = False, commentary=None):
    data = snapshots.worded(data)
    latest = selectors.data_up_to(data, published=timezone.localdate(published_at) if published_at else None)
    synthetic = any(line.get("synthetic") for theme in data["themes"] for line in theme["lines"])
    return {
        "id": id,
        "title": title,
        "as_at": data["as_at"],
        "data_up_to": latest.isoformat() if latest else None,
        "published_at": published_at,
        "contains_synthetic_data": synthetic,
        "synthetic_note": SYNTHETIC_NOTE if synthetic else "",
        "small_numbers_suppressed": suppressed,
        "themes": [
            {**theme, "commentary": (commentary or {}).get(theme["name"], "")} for theme in data["themes"]
        ],
    }


class ReadsScorecards(BasePermission):
    """Roles with scorecards.view; others are refused with a JSON 403 that is recorded in the audit
    trail (REST framework answers refusals itself, so the site's 403 handler never sees them)."""

    message = "Your role cannot read scorecards."

    def has_permission(self, request, view) -> bool:
        if user_can(request.user, "scorecards.view"):
            return True
        if getattr(request.user, "is_authenticated", False):
            match = request.resolver_match
            audit_refusal_record(
                actor=request.user,
                action=Action.ACCESS_REFUSED,
                object_type="page",
                object_id=(match.view_name if match else "")[:64],
                why="scorecards.view",
            )
        return False


ID = OpenApiParameter("pk", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="Its id")
REFUSED = {403: ErrorSerializer}  # not signed in, or not allowed
MISSING = {404: ErrorSerializer}


class ScorecardList(APIView):
    permission_classes = [IsAuthenticated, ReadsScorecards]

    @extend_schema(
        responses={200: ScorecardSummarySerializer(many=True), **REFUSED},
        summary="The partnership's scorecards",
    )
    def get(self, request):
        rows = [
            {
                "id": s.pk,
                "name": s.name,
                "district_code": s.district_id,
                "district_name": s.district.name,
                "target": s.target.name,
                "comparator_group": str(s.comparator_group or ""),
            }
            for s in selectors.scorecards_visible_to(user=request.user).select_related(
                "comparator_group__home"
            )
        ]
        return Response(ScorecardSummarySerializer(rows, many=True).data)


class ScorecardDetail(APIView):
    permission_classes = [IsAuthenticated, ReadsScorecards]

    @extend_schema(
        responses={200: ScorecardDataSerializer, 400: ErrorSerializer, **REFUSED, **MISSING},
        summary="A scorecard computed now",
        parameters=[
            OpenApiParameter(
                "as_at", int, description="Latest data up to the end of this year (2000 or later)"
            )
        ],
    )
    def get(self, request, pk: int):
        scorecard = get_object_or_404(selectors.scorecards_visible_to(user=request.user), pk=pk)
        try:
            year = params.year(request.query_params.get("as_at"))
        except params.BadParameter as problem:
            return Response({"detail": str(problem)}, status=400)
        as_at = date(year, 12, 31) if year else date.today()
        data = snapshots.freeze(selectors.scorecard_results(scorecard=scorecard, as_at=as_at), as_at=as_at)
        return Response(
            ScorecardDataSerializer(payload(id=scorecard.pk, title=scorecard.name, data=data)).data
        )


class SnapshotDetail(APIView):
    @extend_schema(
        responses={200: ScorecardDataSerializer, **REFUSED, **MISSING},
        summary="A published scorecard, as published",
        parameters=[ID],
    )
    def get(self, request, pk: int):
        try:  # refuses roles without scorecards.view (JSON 403) and audits reading a private snapshot
            snapshot = selectors.snapshot_get_for(user=request.user, id=pk, purpose="api")
        except Snapshot.DoesNotExist:
            raise Http404 from None
        commentary = {c.theme: c.text for c in snapshot.commentary.all()}
        body = payload(
            id=snapshot.pk,
            title=snapshot.title,
            data=snapshot.data,
            published_at=snapshot.published_at,
            commentary=commentary,
        )
        return Response(ScorecardDataSerializer(body).data)


class PublicSnapshotDetail(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses={200: ScorecardDataSerializer, **MISSING},
        summary="A public scorecard, small numbers suppressed",
        parameters=[ID],
    )
    def get(self, request, pk: int):
        snapshot = get_object_or_404(selectors.public_snapshots(), pk=pk)
        commentary = {c.theme: c.text for c in snapshot.commentary.all()}
        body = payload(
            id=snapshot.pk,
            title=snapshot.title,
            data=snapshots.suppressed(snapshot.data),
            published_at=snapshot.published_at,
            suppressed=True,
            commentary=commentary,
        )
        return Response(ScorecardDataSerializer(body).data)
