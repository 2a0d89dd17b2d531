from django.urls import path

from equalchance.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("imports/", views.import_list, name="imports"),
    path("imports/new/", views.import_create, name="import-create"),
    path("imports/<int:pk>/roll-back/", views.import_roll_back, name="import-roll-back"),
    path("<slug:code>/", views.indicator_detail, name="detail"),
    path("<slug:code>/edit/", views.indicator_edit, name="edit"),
    path("<slug:code>/areas/<str:district>/", views.indicator_across_areas, name="across-areas"),
]
