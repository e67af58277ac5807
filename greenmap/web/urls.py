from django.urls import path

from greenmap.web import report_form, views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("map/trees/<int:pk>.json", views.tree_card_json, name="map-tree-card"),
    path("map/trees/near.json", views.nearest_tree_json, name="map-nearest-tree"),
    path("map/search.json", views.search_json, name="map-search"),
    path("reports/new/", report_form.submit_report, name="report-submit"),
    path("reports/<str:code>/", views.report_status, name="report-status"),
]
