from django.urls import path, re_path

from equalchance.scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("new/", views.scorecard_new, name="new"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("<int:pk>/edit/", views.scorecard_edit, name="edit"),
    path("<int:pk>/lines/add/", views.line_add, name="line-add"),
    path("<int:pk>/lines/<int:line_pk>/remove/", views.line_remove, name="line-remove"),
    path("<int:pk>/lines/<int:line_pk>/", views.line_detail, name="line"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    re_path(r"^(?P<pk>[0-9]+)/export\.(?P<file_format>csv|xlsx|pdf)$", views.scorecard_export, name="export"),
    re_path(
        r"^snapshots/(?P<snapshot_pk>[0-9]+)/export\.(?P<file_format>csv|xlsx|pdf)$",
        views.snapshot_export,
        name="snapshot-export",
    ),
    path("<int:pk>/snapshots/", views.snapshot_list, name="snapshots"),
    path("<int:pk>/snapshots/compare/", views.snapshot_compare, name="snapshot-compare"),
    path("snapshots/<int:snapshot_pk>/", views.snapshot_detail, name="snapshot"),
    path("public/<int:snapshot_pk>/", views.public_snapshot, name="public-snapshot"),
]
