from django.urls import path

from changelog import feeds, views

app_name = "changelog"

urlpatterns = [
    path("wijzigingen/", views.ChangeListView.as_view(), name="change-list"),
    path("wijzigingen/feed/", feeds.ChangeFeed(), name="change-feed"),
    path("maatregelen/<slug:slug>/feed/", feeds.MeasureChangeFeed(), name="measure-feed"),
]
