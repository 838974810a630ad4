"""Les lauréats, leurs pages, leurs données ouvertes et les statistiques de l'appel
à projets (incluses dans le namespace "projets")."""

urlpatterns = []
