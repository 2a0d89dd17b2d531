from django.urls import path

from equalchance.background import views

app_name = "background"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("start/<slug:kind>/", views.task_start, name="start"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/progress/", views.task_progress, name="progress"),
    path("<int:pk>/download/", views.task_download, name="download"),
]
