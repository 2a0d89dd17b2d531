from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def sign_in(request):
    """The provider's own sign-in page: a form, and on a good password back to where it was going."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        if user is not None:
            login(request, user)
            return HttpResponseRedirect(next_url)
    return HttpResponse(
        f'<form method="post"><input name="username"><input name="password" type="password">'
        f'<input type="hidden" name="next" value="{escape(next_url)}"><button>Sign in</button></form>'
    )


urlpatterns = [
    path("login/", sign_in),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
