from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/undo/", views.undo, name="undo"),
    path("<int:pk>/report.csv", views.report_csv, name="report"),
]
