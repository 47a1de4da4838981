"""Two-step sign-in to the admin (django-otp, TOTP): when a signed-in user still owes a code.

Chief editors and superusers must have an authenticator app and give its code at each sign-in
(``accounts.roles.second_factor_required``). Editors may set one up; once they have, it is
asked of them too, or it would protect nothing.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import second_factor_required

NEXT_FIELD = "next"


def second_factor_satisfied(user) -> bool:
    if user.is_verified():
        return True
    if second_factor_required(user):
        return False
    return not user_has_device(user)


def second_factor_pending(request) -> bool:
    """Signed in with a password as active staff, and a code still to give."""
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not second_factor_satisfied(user)
    )


def has_authenticator_app(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def next_step_url(request, site_name: str, next_url: str) -> str:
    """The code page for a user with a device, the set-up page for one without."""
    step = "two_factor_verify" if user_has_device(request.user) else "two_factor_enrol"
    url = reverse(f"admin:{step}", current_app=site_name)
    return f"{url}?{urlencode({NEXT_FIELD: next_url})}" if next_url else url


def safe_next_url(request, site_name: str) -> str:
    candidate = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index", current_app=site_name)
