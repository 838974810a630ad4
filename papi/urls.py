from django.urls import path

from papi import views, views_donnees, views_fiche

app_name = "papi"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("lieux.geojson", views_donnees.lieux_geojson, name="geojson"),
    path("lieux.csv", views_donnees.lieux_csv, name="csv"),
    path("lieux.xlsx", views_donnees.lieux_xlsx, name="xlsx"),
    path("<slug:slug>/", views_fiche.detail, name="detail"),
    path("<slug:slug>/signaler/", views_fiche.signaler, name="signaler"),
]
