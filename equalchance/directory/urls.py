from django.urls import path

from equalchance.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory_search, name="search"),
    path("services/<uuid:pk>/", views.service_detail, name="service"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlist/change/", views.shortlist_change, name="shortlist-change"),
]
