"""L'espace des bailleurs (/bailleur/, namespace "bailleur") : leurs secteurs,
abonnements et relevés, rien d'autre."""

app_name = "bailleur"

urlpatterns = []
