"""GeoReport v2 under /open311/v2/: `.json` or `.xml` on every resource."""
from django.urls import re_path

from trees.open311 import views

FORMAT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"
urlpatterns = [
    re_path(r"^services" + FORMAT, views.service_list, name="services"),
    re_path(r"^services/(?P<service_code>[^/]{1,64})" + FORMAT, views.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]{1,64})" + FORMAT, views.service_request, name="request"),
    re_path(r"^(?P<path>.*)\.xml$", views.not_found, {"fmt": "xml"}),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
