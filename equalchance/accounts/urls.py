from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from equalchance.accounts import views
from equalchance.accounts.forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "sign-in/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="accounts/sign_in.html", authentication_form=SignInForm
            )
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("verify-email/send/", views.verify_email_resend, name="verify-email-send"),
    path("verify-email/<str:token>/", views.verify_email, name="verify-email"),
]
