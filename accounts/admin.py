"""API tokens in the admin: every member of staff sees and may revoke their own; a chief editor
sees everyone's and may revoke any (``accounts.services.token_revoke``). A key is shown only to
its owner, so that seeing a token in the list never lets one use it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from accounts.roles import is_chief_editor
from accounts.services import may_revoke_token, token_revoke

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class RevocableTokenAdmin(TokenAdmin):
    def get_list_display(self, request):
        viewer = request.user.pk

        @admin.display(description=_("Sleutel"))
        def key(token):
            return token.key if token.user_id == viewer else "…" + token.key[-4:]

        return ("user", "created", key)

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        return tokens if is_chief_editor(request.user) else tokens.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return may_revoke_token(token=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def delete_model(self, request, obj):
        token_revoke(token=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            token_revoke(token=token, by=request.user)
