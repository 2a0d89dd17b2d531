from django.urls import path

from equalchance.scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("<int:pk>/lines/<int:line_pk>/", views.line_detail, name="line"),
]
