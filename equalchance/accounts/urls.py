from allauth.account import views as allauth_views
from django.urls import path

from equalchance.accounts import views

app_name = "accounts"

urlpatterns = [
    # allauth's sign-in and sign-out at the addresses the product has always used.
    path("sign-in/", allauth_views.login, name="sign-in"),
    path("sign-out/", allauth_views.logout, name="sign-out"),
    path("verify-email/send/", views.verify_email_resend, name="verify-email-send"),
    path("verify-email/<str:token>/", views.verify_email, name="verify-email"),
]
