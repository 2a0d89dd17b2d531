from django.urls import path

from equalchance.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_home, name="home"),
    path("records/", views.record_report, name="record"),
    path("users/", views.user_find, name="user-find"),
    path("users/<int:pk>/", views.user_report, name="user"),
]
