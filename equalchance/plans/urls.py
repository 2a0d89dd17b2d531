from django.urls import path, re_path

from equalchance.plans import asset_views, board_views, report_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="plan-new"),
    path("import/", views.plans_import, name="import"),
    re_path(r"^(?P<pk>[0-9]+)/export\.(?P<file_format>csv|xlsx)$", views.plan_export, name="export"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/status/", views.plan_status, name="plan-status"),
    path("<int:pk>/elements/new/", views.element_new, name="element-new"),
    path("<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("<int:pk>/baseline/", views.area_baseline, name="area-baseline"),
    path("<int:pk>/map/", views.area_map, name="area-map"),
    path("elements/<int:pk>/", views.element_detail, name="element"),
    path("elements/<int:pk>/contributes/", views.contribution_new, name="contribution-new"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/update/", views.action_update, name="action-update"),
    path("your-actions/", views.my_actions, name="my-actions"),
    path("exceptions/", views.exception_report, name="exceptions"),
    path("<int:pk>/reports/", report_views.report_list, name="reports"),
    path("<int:pk>/reports/cover/", report_views.cover_new, name="cover-new"),
    path("reports/<int:pk>/", report_views.report_detail, name="report"),
    re_path(
        r"^reports/(?P<pk>[0-9]+)/report\.(?P<file_format>html|pdf|docx|odt|xlsx|csv)$",
        report_views.report_download,
        name="report-download",
    ),
    path("assets/", asset_views.asset_list, name="assets"),
    path("assets/new/", asset_views.asset_new, name="asset-new"),
    path("assets/import/", asset_views.asset_import, name="asset-import"),
    path("boards/", board_views.body_list, name="bodies"),
    path("boards/<int:pk>/", board_views.body_detail, name="body"),
    path("boards/<int:pk>/meetings.ics", board_views.body_calendar, name="body-calendar"),
    path("boards/<int:pk>/meetings/new/", board_views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", board_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/meeting.ics", board_views.meeting_calendar, name="meeting-calendar"),
    path("meetings/<int:pk>/agenda/new/", board_views.agenda_item_new, name="agenda-item-new"),
    path("meetings/<int:pk>/decisions/new/", board_views.decision_new, name="decision-new"),
]
