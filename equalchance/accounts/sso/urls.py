from django.urls import include, path

from equalchance.accounts.sso import views

urlpatterns = [
    path(
        "sso/<str:provider_id>/",
        include(
            [
                path("sign-in/", views.login, name="openid_connect_login"),
                path("sign-in/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
