from django.urls import path

from equalchance.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/values/new/", views.value_new, name="value-new"),
    path("approvals/", views.approvals, name="approvals"),
    path("exceptions/", views.exception_report, name="exceptions"),
    path("values/<int:pk>/decide/", views.value_decide, name="value-decide"),
]
