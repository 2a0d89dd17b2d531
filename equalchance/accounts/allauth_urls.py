"""django-allauth's pages under /accounts/: second factors (2fa/), password reset and change, single
sign-on (sso/). Sign-in and sign-out keep their own addresses (accounts/urls.py), and allauth's names
for them point there too. Pages this product does not offer answer 404: managing and confirming e-mail
addresses (administrators set them; service providers confirm theirs through
accounts/email_verification.py) and linking other sign-in providers (single sign-on links itself)."""

from allauth.account import views as allauth_views
from django.urls import include, path, re_path

from equalchance.accounts import views

urlpatterns = [
    path("email/", views.not_offered),
    path("confirm-email/", views.not_offered),
    re_path(r"^confirm-email/.+/$", views.not_offered),
    path("3rdparty/", views.not_offered),
    path("", include("allauth.urls")),
    # Last, so that reversing allauth's names gives the product's addresses.
    path("sign-in/", allauth_views.login, name="account_login"),
    path("sign-out/", allauth_views.logout, name="account_logout"),
]
