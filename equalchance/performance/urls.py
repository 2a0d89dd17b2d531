from django.urls import path

from equalchance.performance import import_views, views

app_name = "performance"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/values/new/", views.value_new, name="value-new"),
    path("approvals/", views.approvals, name="approvals"),
    path("values/<int:pk>/decide/", views.value_decide, name="value-decide"),
    path("values/import/", import_views.values_import, name="values-import"),
    path("values/import/template.csv", import_views.values_import_template, name="values-import-template"),
]
