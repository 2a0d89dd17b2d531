"""Confirming an e-mail address: the link from the e-mail, and asking for another."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from equalchance.accounts import email_verification
from equalchance.common.rate_limits import too_many


def send_link(request, user) -> None:
    """E-mail `user` a confirmation link to this site."""
    email_verification.verification_send(
        user,
        link_for=lambda token: request.build_absolute_uri(reverse("accounts:verify-email", args=[token])),
    )


@login_not_required
def verify_email(request, token):
    try:
        user = email_verification.email_confirm(token)
    except email_verification.LinkNotValid as problem:
        return render(request, "accounts/verify_email.html", {"problem": str(problem)}, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, "Your email address is confirmed. You can now send entries.")
        return redirect("directory:manage")
    return render(request, "accounts/verify_email.html", {"confirmed": user.email})


@require_POST
def verify_email_resend(request):
    if not email_verification.needs_verification(request.user):
        return redirect("directory:manage")
    if too_many(request, "verify-email"):
        messages.error(request, "Too many emails asked for from here. Wait an hour and try again.")
    else:
        send_link(request, request.user)
        messages.success(request, f"We have sent a new link to {request.user.email}.")
    return redirect("directory:manage")


def not_offered(request):
    """allauth pages this product does not offer (see accounts/allauth_urls.py)."""
    raise Http404("Not offered here")
