from django.urls import path

from simerit.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("periode/<int:period_id>/", views.period, name="period"),
    path("cara-pemeringkatan/", views.how_ranking_works, name="how-ranking-works"),
    path("cek-hasil/", views.lookup, name="lookup"),
]
