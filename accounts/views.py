"""The admin's second sign-in step: give a code, or set up an authenticator app.

Both pages are reached after the password step (``accounts.admin_site``) and work without
JavaScript and under the site's Content-Security-Policy: the QR code is inline SVG, drawn on
the server (segno), with the secret as text beside it for apps that cannot scan.
"""

from base64 import b32encode

import django_otp
import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import OneTimeCodeForm
from accounts.roles import second_factor_required
from accounts.two_factor import NEXT_FIELD, has_authenticator_app, safe_next_url

WRONG_CODE = gettext_lazy(
    "Deze code klopt niet of is verlopen. Typ de code die de app nu toont. "
    "Na een paar foute codes moet u steeds iets langer wachten."
)


def _signed_in_with(request, device):
    django_otp.login(request, device)
    # A new session key for the session that now carries the second factor.
    request.session.cycle_key()


def _render(request, site, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {
            **site.each_context(request),
            "title": title,
            "next_field": NEXT_FIELD,
            "next_url": safe_next_url(request, site.name),
            **context,
        },
    )


def verify(request, site):
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        for device in devices_for_user(request.user):
            # Per device, as django-otp advises: each keeps its own throttle and last code.
            if django_otp.verify_token(request.user, device.persistent_id, code):
                _signed_in_with(request, device)
                return redirect(safe_next_url(request, site.name))
        form.add_error("code", WRONG_CODE)
    return _render(
        request, site, "accounts/two_factor_verify.html", _("Tweestapsverificatie"), form=form
    )


def enrol(request, site):
    user = request.user
    if has_authenticator_app(user):
        return _render(
            request,
            site,
            "accounts/two_factor_enrolled.html",
            _("Tweestapsverificatie is ingesteld"),
        )
    form = OneTimeCodeForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if request.method == "POST":
        if (
            device is not None
            and form.is_valid()
            and device.verify_token(form.cleaned_data["code"])
        ):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _signed_in_with(request, device)
            messages.success(
                request,
                _(
                    "Tweestapsverificatie is ingesteld. Voortaan vraagt de site bij het aanmelden om een code uit de app."
                ),
            )
            return redirect(safe_next_url(request, site.name))
        if form.is_valid():
            form.add_error("code", WRONG_CODE)
    if device is None or request.method == "GET":
        # A new secret each time the page is shown: one that someone saw before stops working.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator-app"), confirmed=False)
    secret = b32encode(device.bin_key).decode()
    return _render(
        request,
        site,
        "accounts/two_factor_enrol.html",
        _("Tweestapsverificatie instellen"),
        form=form,
        qr_svg=segno.make(device.config_url, error="m").svg_inline(
            scale=5,
            light="#fff",
            svgclass="two-factor-qr",
            title=_("QR-code voor uw authenticator-app"),
        ),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        config_url=device.config_url,
        two_factor_required=second_factor_required(user),
    )
