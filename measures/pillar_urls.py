from django.urls import path

from measures import pillar_views as views

app_name = "pillars"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pijlers/<slug:slug>/", views.PillarDetailView.as_view(), name="detail"),
]
