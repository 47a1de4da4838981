"""The admin with a two-step sign-in: after the password, a code from an authenticator app.

``accounts.apps.AccountsAdminConfig`` takes the place of ``django.contrib.admin`` in
INSTALLED_APPS. Every admin page first asks ``accounts.two_factor.second_factor_pending``: a signed-in member of staff
who still owes a code is sent to give it (or, without an app, to set one up), then back.
"""

from functools import update_wrapper

from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts import views
from accounts.two_factor import next_step_url, second_factor_pending, second_factor_satisfied
from core.admin_site import SiteAdminSite


class AccountsAdminSite(SiteAdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and second_factor_satisfied(request.user)

    def admin_view(self, view, cacheable=False):
        if view == self.logout:
            # Signing out never waits for a code (and ends every session: accounts/signals.py).
            return update_wrapper(csrf_protect(never_cache(view)), view)
        guarded = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if second_factor_pending(request):
                return HttpResponseRedirect(
                    next_step_url(request, self.name, request.get_full_path())
                )
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, view)

    def login(self, request, extra_context=None):
        if request.method == "GET" and second_factor_pending(request):
            return HttpResponseRedirect(
                next_step_url(request, self.name, request.GET.get("next", ""))
            )
        return super().login(request, extra_context)

    def second_step_view(self, view):
        """Only for active staff who gave their password; the code may still be owed."""

        def inner(request):
            user = request.user
            if not (user.is_authenticated and user.is_active and user.is_staff):
                return HttpResponseRedirect(self.login_url_for(request))
            return view(request, self)

        return update_wrapper(csrf_protect(never_cache(inner)), view)

    def login_url_for(self, request):
        # Imported here, as AdminSite does: the auth views import the User model.
        from django.contrib.auth.views import redirect_to_login  # noqa: PLC0415

        return redirect_to_login(
            request.get_full_path(), reverse("admin:login", current_app=self.name)
        ).url

    def get_urls(self):
        return [
            path(
                "tweestapsverificatie/",
                self.second_step_view(views.verify),
                name="two_factor_verify",
            ),
            path(
                "tweestapsverificatie/instellen/",
                self.second_step_view(views.enrol),
                name="two_factor_enrol",
            ),
            *super().get_urls(),
        ]
