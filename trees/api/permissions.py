"""Who may do what. Anyone reads public data; a write needs the Django model
permission its role grants (greenmap/roles.py): POST `trees.add_<model>`,
PATCH `trees.change_<model>` for the model the view writes. Group names are
never checked, so a city can reshape a role in the admin without code
changes."""
from rest_framework.permissions import SAFE_METHODS, BasePermission

_ACTION_OF_METHOD = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def model_permission(model, method: str) -> str:
    return f"{model._meta.app_label}.{_ACTION_OF_METHOD[method]}_{model._meta.model_name}"


class PublicReadModelWrite(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not hasattr(view, request.method.lower()):
            return True  # the route has no such method: let it answer 405
        if request.method not in _ACTION_OF_METHOD:
            return False
        return can(request, model_permission(view.model, request.method))


def can(request, permission: str) -> bool:
    """Whether the signed-in user holds a permission (e.g. to see withdrawn trees)."""
    return bool(request.user and request.user.is_authenticated and request.user.has_perm(permission))


def sees_personal_data(request, permission: str) -> bool:
    """Reporters' contacts and crews' names: staff with the view permission only."""
    return can(request, permission) and request.user.is_staff
