"""La facturation dans la gestion (incluse par gestion/urls.py, namespace
"gestion_ipt")."""

from django.urls import path

from internet_pour_tous.facturation import views

urlpatterns = [
    path("facturation/", views.facturation, name="facturation"),
    path("facturation/<int:passage>/", views.facturation_passage, name="facturation_passage"),
    path("releves/", views.releves, name="releves"),
    path("releves/<int:releve>/", views.releve, name="releve"),
    path("releves/<int:releve>.<str:format>", views.releve_fichier, name="releve_fichier"),
    path("releves/<int:releve>/envoye/", views.releve_envoye, name="releve_envoye"),
    path("releves/<int:releve>/paye/", views.releve_paye, name="releve_paye"),
    path("releves/<int:releve>/impayes/", views.impayes_importer, name="impayes_importer"),
]
