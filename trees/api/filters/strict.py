"""Unknown query parameters are refused: `?speceis=3` would otherwise
return every tree, which looks like an answer but is not one."""
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# DRF reads `format` to choose a renderer (?format=json).
ALWAYS_ACCEPTED = frozenset({"format"})


def reject_unknown_parameters(request, accepted) -> None:
    accepted = set(accepted) | ALWAYS_ACCEPTED
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        raise ValidationError({unknown[0][:80]: [f"unknown query parameter; this endpoint accepts "
                                                 f"{', '.join(sorted(accepted))}"]})


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        filters = set(filterset_class.base_filters) if filterset_class else set()
        reject_unknown_parameters(request, filters | set(getattr(view, "extra_query_params", ())))
        return super().filter_queryset(request, queryset, view)
