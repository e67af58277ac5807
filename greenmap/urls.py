from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("trees.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("tiles/", include("tiles.urls")),
    path("imports/", include("imports.urls")),
    path("open311/v2/", include("trees.open311.urls")),
    path("statistics/", include("greenmap.statistics.urls")),
    path("", include("greenmap.web.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
