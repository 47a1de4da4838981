from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is open to everyone; writing needs the model permission (add/change/delete).

    A method the endpoint does not offer passes here, so that the client gets 405 (with
    ``Allow``) rather than 401/403 for something nobody may do.
    """

    def has_permission(self, request, view):
        if request.method not in getattr(view, "allowed_methods", [request.method]):
            return True
        if request.method in SAFE_METHODS and request.user:
            # What the parent decides for any reader, without building the view's queryset
            # to find its model (reads need no model permission).
            return True
        return super().has_permission(request, view)
