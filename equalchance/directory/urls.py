from django.urls import path

from equalchance.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory_search, name="search"),
    path("services/<uuid:pk>/", views.service_detail, name="service"),
    path("services/<uuid:pk>/refer/", views.refer, name="refer"),
    path("services/<uuid:pk>/report-a-problem/", views.report_problem, name="report-problem"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<uuid:pk>/", views.referral_detail, name="referral"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlist/change/", views.shortlist_change, name="shortlist-change"),
    path("register/", views.register, name="register"),
    path("entries/", views.manage, name="manage"),
    path("entries/<uuid:organisation_pk>/new/", views.entry_form, name="entry-new"),
    path("entries/<uuid:organisation_pk>/<uuid:service_pk>/edit/", views.entry_form, name="entry-edit"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/currency/", views.currency_dashboard, name="currency"),
    path("moderation/duplicates/", views.duplicates, name="duplicates"),
    path("moderation/duplicates/compare/", views.duplicate_compare, name="duplicate-compare"),
    path("moderation/duplicates/not-duplicates/", views.not_duplicates, name="not-duplicates"),
    path("moderation/duplicates/not-duplicates/undo/", views.not_duplicate_undo, name="not-duplicate-undo"),
    path("moderation/feedback/", views.feedback_queue, name="feedback-queue"),
    path("local-offer/feedback/", views.local_offer_feedback, name="local-offer-feedback"),
    path("local-offer/comments/", views.local_offer_comments, name="local-offer-comments"),
    path("moderation/<int:pk>/", views.submission_detail, name="submission"),
    path("moderation/services/<uuid:pk>/archive/", views.service_archive, name="archive"),
    path("moderation/problems/<int:pk>/resolve/", views.problem_resolve, name="problem-resolve"),
]
