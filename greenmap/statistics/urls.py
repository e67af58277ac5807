from django.urls import path

from greenmap.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.statistics_page, name="page"),
    path("reports.json", views.report_statistics, name="reports"),
    path("trees.json", views.tree_statistics, name="trees"),
]
