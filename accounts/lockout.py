"""The page django-axes shows instead of the sign-in form once a user name and address are
locked out (``AXES_LOCKOUT_CALLABLE``): 429, in the visitor's language, with when to retry."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse


def lockout_response(request, original_response=None, credentials=None):
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    response = render(
        request,
        "accounts/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": admin.site.site_header,
            "minutes": minutes,
            "login_url": reverse("admin:login"),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
