from __future__ import annotations

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/angemeldet/", views.registered, name="registered"),
    path("<int:pk>/kalender.ics", views.calendar_file, name="calendar"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("abmelden/<str:token>/", views.cancel, name="cancel"),
]
