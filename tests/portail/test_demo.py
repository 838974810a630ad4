import io

import pytest
from django.core.management import call_command

from brest_numerique.comptes.models import User
from commentaires.demo import DOMAINE
from commentaires.models import Commentaire
from papi.models import Commune, Creneau, Lieu

pytestmark = pytest.mark.django_db


def test_la_demonstration_est_idempotente_et_etiquetee(settings, client):
    settings.DEMONSTRATION = True
    sortie = io.StringIO()
    call_command("demo", stdout=sortie)
    call_command("demo", stdout=io.StringIO())

    assert "mot de passe : demo-Brest-numerique" in sortie.getvalue()
    # Les comptes par rôle, six jurés de plus pour le jury d'exemple (projets/demo_jury.py)
    # et l'abonnée d'Internet pour tous (internet_pour_tous/demo.py).
    assert User.objects.filter(email__endswith="@exemple.fr").count() == 14
    assert Lieu.objects.filter(donnees_exemple=True).count() == 108
    assert (
        Lieu.objects.filter(donnees_exemple=False).get().nom
        == "PIMMS Quatre-Moulins (France Services)"
    )
    communes = set(Lieu.objects.values_list("code_insee", flat=True))
    assert communes == set(Commune.objects.values_list("code_insee", flat=True))
    assert Creneau.objects.exists(), "les créneaux servent au filtre « ouvert maintenant »"

    # Un fil publié, avec la réponse de l'équipe, et une file à modérer.
    exemples = Commentaire.objects.filter(email__endswith=f"@{DOMAINE}")
    statuts = sorted(exemples.values_list("statut", flat=True))
    assert statuts == ["en_attente"] * 3 + ["publie"] * 4
    reponse = exemples.get(equipe=True)
    assert reponse.parent.statut == "publie" and reponse.auteur.email == "webmestre@exemple.fr"
    for publie in exemples.filter(statut="publie"):
        assert list(publie.transitions.values_list("vers", flat=True)) == ["publie"]
    fiche = client.get(reponse.objet.get_absolute_url()).content.decode()
    assert reponse.texte.split(",")[0] in fiche and "Commentaires (3)" in fiche
    client.force_login(User.objects.get(email="webmestre@exemple.fr"))
    file = client.get("/moderation/").content.decode()
    assert all(c.nom in file for c in exemples.filter(statut="en_attente"))


def test_hors_du_mode_embarque_aucun_mot_de_passe_n_est_affiche(settings):
    settings.DEMONSTRATION = False
    sortie = io.StringIO()
    call_command("demo", stdout=sortie)

    assert "demo-Brest-numerique" not in sortie.getvalue()
    assert not User.objects.get(email="webmestre@exemple.fr").check_password("demo-Brest-numerique")
