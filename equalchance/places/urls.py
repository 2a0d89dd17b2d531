from django.urls import path

from equalchance.places import views

app_name = "places"

urlpatterns = [
    path("districts/", views.district_list, name="district-list"),
    path("districts/<str:code>/", views.district_profile, name="district-profile"),
    path("districts/<str:code>/areas/", views.district_areas, name="district-areas"),
    path("districts/<str:code>/change/", views.district_change, name="district-change"),
    path("districts/<str:code>/priority-areas/new/", views.priority_area_create, name="priority-area-create"),
    path("areas/<str:code>/", views.area_profile, name="area-profile"),
    path("priority-areas/", views.priority_area_list, name="priority-area-list"),
    path("priority-areas/<int:pk>/", views.priority_area_detail, name="priority-area-detail"),
    path(
        "priority-areas/<int:pk>/versions/new/",
        views.priority_area_version_create,
        name="priority-area-version-create",
    ),
]
