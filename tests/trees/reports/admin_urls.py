"""The admin's URLs built after the report queue is registered. Until
trees/admin.py imports trees.admin_reports, the project's URLs may be built
before the queue exists (whenever some other test loads them first)."""
from django.contrib import admin
from django.urls import path

import trees.admin_reports  # noqa: F401  (registers the queue)

urlpatterns = [path("admin/", admin.site.urls)]
