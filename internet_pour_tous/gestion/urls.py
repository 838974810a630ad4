"""Les pages des Gestionnaires Internet pour tous (/gestion/internet-pour-tous/,
namespace "gestion_ipt") : demandes, abonnements, secteurs, puis la facturation et
le tableau de bord, chacun dans son module."""

app_name = "gestion_ipt"

urlpatterns = []
