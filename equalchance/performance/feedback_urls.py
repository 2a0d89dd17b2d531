"""Feedback's URLs, under /feedback/: a form's public link (a random token), and the programme team's
pages under /feedback/manage/."""

from django.urls import path

from equalchance.performance import feedback_views as views

app_name = "feedback"

urlpatterns = [
    path("manage/", views.forms_list, name="forms"),
    path("manage/forms/new/", views.form_new, name="form-new"),
    path("manage/forms/<int:pk>/", views.form_detail, name="form"),
    path("manage/forms/<int:pk>/measures/", views.measure_link, name="measure-link"),
    path("manage/forms/<int:pk>/qr.svg", views.qr_svg, name="qr-svg"),
    path("manage/forms/<int:pk>/qr.png", views.qr_png, name="qr-png"),
    path("manage/forms/<int:pk>/poster/", views.poster, name="poster"),
    path("manage/forms/<int:pk>/open/", views.form_open, name="form-open"),
    path("manage/forms/<int:pk>/invitations/", views.invitations_log, name="invitations"),
    path("manage/forms/<int:pk>/import/", views.import_responses, name="import"),
    path("manage/comments/<int:pk>/", views.comment_moderate, name="comment"),
    path("<str:token>/", views.answer, name="answer"),
    path("<str:token>/thank-you/", views.thanks, name="thanks"),
]
