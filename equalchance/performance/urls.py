from django.urls import path

from equalchance.performance import card_views, import_views, programme_views, views

app_name = "performance"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("measures/new/", views.measure_new, name="measure-new"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/targets/new/", views.measure_period_value, {"kind": "target"}, name="target-new"),
    path("measures/<int:pk>/baseline/", views.measure_period_value, {"kind": "baseline"}, name="baseline"),
    path(
        "measures/<int:pk>/forecasts/new/",
        views.measure_period_value,
        {"kind": "forecast"},
        name="forecast-new",
    ),
    path("measures/<int:pk>/forecasts/trend/", views.forecast_trend, name="forecast-trend"),
    path("measures/<int:pk>/turn-the-curve/", views.turn_the_curve_write, name="turn-the-curve"),
    path("turn-the-curve/<int:pk>/clear/", views.turn_the_curve_clear, name="turn-the-curve-clear"),
    path("measures/<int:pk>/card/", views.card, name="card"),
    path("measures/<int:pk>/card.pdf", views.card_pdf, name="card-pdf"),
    path("measures/<int:pk>/card.<str:file_format>", card_views.measure_card_file, name="card-file"),
    path("programmes/", card_views.programme_list, name="programmes"),
    path("programmes/new/", programme_views.programme_new, name="programme-new"),
    path("programmes/<int:pk>/edit/", programme_views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/remove/", programme_views.programme_remove, name="programme-remove"),
    path("results/", programme_views.result_list, name="results"),
    path("results/new/", programme_views.result_new, name="result-new"),
    path("results/<int:pk>/edit/", programme_views.result_edit, name="result-edit"),
    path("results/<int:pk>/remove/", programme_views.result_remove, name="result-remove"),
    path("programmes/<int:pk>/card/", card_views.programme_card, name="programme-card"),
    path(
        "programmes/<int:pk>/card.<str:file_format>",
        card_views.programme_card_file,
        name="programme-card-file",
    ),
    path("measures/<int:pk>/values/new/", views.value_new, name="value-new"),
    path("approvals/", views.approvals, name="approvals"),
    path("exceptions/", views.exception_report, name="exceptions"),
    path("values/<int:pk>/decide/", views.value_decide, name="value-decide"),
    path("values/<int:pk>/return/", views.value_reopen, name="value-reopen"),
    path("values/import/", import_views.values_import, name="values-import"),
    path("values/import/template.csv", import_views.values_import_template, name="values-import-template"),
]
