from django.urls import path

from equalchance.directory import browse_views as views

app_name = "browse"

urlpatterns = [
    path("", views.index, name="index"),
    path("support/<slug:slug>/", views.category, name="category"),
    path("needs/<slug:slug>/", views.need, name="need"),
    path("areas/<slug:district>/", views.area, name="district"),
    path("areas/<slug:district>/<slug:ward>/", views.area, name="ward"),
]
