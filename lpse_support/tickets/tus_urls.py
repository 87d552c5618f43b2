"""The tus endpoints at ``/unggah/`` for files sent ahead of their form (``views/tus.py``)."""

from django.urls import path

from lpse_support.tickets.views import tus

app_name = "unggah"

urlpatterns = [
    path("", tus.tus_collection, name="collection"),
    path("<uuid:upload_id>/", tus.tus_upload, name="upload"),
]
