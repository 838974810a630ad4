"""Le fil des commentaires publiés est gardé rendu (commentaires/fil.py) : un second
affichage ne relit pas les commentaires, chaque visiteur garde son jeton CSRF, et
toute décision, correction ou fermeture se voit à l'affichage suivant."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commentaires.fil import FILS, PAR_PAGE, cle_du_fil
from commentaires.models import Commentaire, Signalement
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import commentaires_affiches

pytestmark = pytest.mark.django_db

JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _requetes_sur_les_commentaires(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as requetes:
        page = client.get(url).content.decode()
    return sum('"commentaires_commentaire"' in q["sql"] for q in requetes), page


def test_un_second_affichage_ne_relit_pas_les_commentaires(client, lieu, citoyen):
    publie = CommentaireFactory(objet=lieu, statut="publie", texte="Premier passage 5521")
    CommentaireFactory(objet=lieu, statut="publie", parent=publie)
    # Connecté : le cache de page ne sert pas, seul le fil gardé peut épargner les lectures.
    client.force_login(citoyen)

    lectures_avant, premiere = _requetes_sur_les_commentaires(client, lieu.get_absolute_url())
    lectures_apres, seconde = _requetes_sur_les_commentaires(client, lieu.get_absolute_url())

    assert lectures_avant >= 1
    assert lectures_apres == 0
    assert "Premier passage 5521" in seconde
    assert commentaires_affiches(seconde).keys() == commentaires_affiches(premiere).keys()


def test_le_formulaire_signaler_d_un_fil_garde_porte_le_jeton_du_visiteur(lieu, citoyen):
    commentaire = CommentaireFactory(objet=lieu, statut="publie")
    Client().get(lieu.get_absolute_url())  # garde le fil, rendu pour un autre visiteur
    visiteur = Client(enforce_csrf_checks=True)
    visiteur.force_login(citoyen)

    page = visiteur.get(lieu.get_absolute_url()).content.decode()
    assert "trou-" not in page, "un marqueur de cache est resté dans la page"
    formulaire = re.search(
        rf'<form method="post" action="{reverse("commentaires:signaler", args=[commentaire.pk])}">'
        r"(.*?)</form>",
        page,
    )
    reponse = visiteur.post(
        reverse("commentaires:signaler", args=[commentaire.pk]),
        {"csrfmiddlewaretoken": JETON.search(formulaire.group(1)).group(1), "raison": "spam"},
    )

    assert reponse.status_code == 302
    assert Signalement.objects.filter(commentaire=commentaire).exists()


def test_une_approbation_se_voit_aussi_des_visiteurs_connectes(
    client, lieu, citoyen, webmestre, django_capture_on_commit_callbacks
):
    attente = CommentaireFactory(objet=lieu, statut="en_attente", texte="Bientôt visible 7310")
    client.force_login(citoyen)
    assert "Bientôt visible 7310" not in client.get(lieu.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        attente.approuver(par=webmestre)

    assert "Bientôt visible 7310" in client.get(lieu.get_absolute_url()).content.decode()


def test_une_correction_dans_l_administration_parait_aussitot(
    client, lieu, webmestre, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu, statut="publie", texte="Texte fautif 9042")
    assert "Texte fautif 9042" in Client().get(lieu.get_absolute_url()).content.decode()
    client.force_login(webmestre)
    adresse = reverse("admin:commentaires_commentaire_change", args=[commentaire.pk])
    formulaire = client.get(adresse).context["adminform"].form
    en_ligne = client.get(adresse).context["inline_admin_formsets"][0].formset
    champs = {nom: formulaire.initial.get(nom) or "" for nom in ("nom", "texte")}
    champs["texte"] = "Texte corrigé 9042"
    champs.update(
        {
            f"{en_ligne.prefix}-TOTAL_FORMS": "0",
            f"{en_ligne.prefix}-INITIAL_FORMS": "0",
            f"{en_ligne.prefix}-MIN_NUM_FORMS": "0",
            f"{en_ligne.prefix}-MAX_NUM_FORMS": "0",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(adresse, champs).status_code == 302

    assert Commentaire.objects.get(pk=commentaire.pk).texte == "Texte corrigé 9042"
    page = Client().get(lieu.get_absolute_url()).content.decode()
    assert "Texte corrigé 9042" in page
    assert "Texte fautif 9042" not in page


def test_fermer_les_commentaires_retire_les_liens_repondre_du_fil_garde(client, lieu, citoyen):
    CommentaireFactory(objet=lieu, statut="publie")
    client.force_login(citoyen)
    assert "?repondre=" in client.get(lieu.get_absolute_url()).content.decode()

    lieu.commentaires_ouverts = False
    lieu.save(update_fields=["commentaires_ouverts"])
    page = client.get(lieu.get_absolute_url()).content.decode()

    assert "?repondre=" not in page
    assert "Les commentaires sont fermés" in page


def test_une_page_de_commentaires_inventee_montre_la_derniere_sans_etre_gardee(client, lieu):
    CommentaireFactory.create_batch(PAR_PAGE + 1, objet=lieu, statut="publie")

    page = client.get(f"{lieu.get_absolute_url()}?commentaires=999999").content.decode()

    assert len(commentaires_affiches(page)) == 1, "la dernière page, qui n'en a qu'un"
    assert cache.get(cle_du_fil(lieu, 999999, False)) is None
    assert FILS.lire(cle_du_fil(lieu, 999999, False)) is None
    client.get(f"{lieu.get_absolute_url()}?commentaires=2")
    assert cache.get(cle_du_fil(lieu, 2, False)) is not None


def test_un_fil_lu_dans_redis_reste_dans_la_memoire_du_processus(client, lieu, citoyen):
    CommentaireFactory(objet=lieu, statut="publie", texte="Gardé en mémoire 3141")
    client.force_login(citoyen)
    client.get(lieu.get_absolute_url())  # rendu, gardé dans Redis et dans la mémoire
    FILS.vider()  # comme un autre processus, qui ne l'a pas rendu
    client.get(lieu.get_absolute_url())  # relu dans Redis
    cache.delete(cle_du_fil(lieu, 1, False))

    lectures, page = _requetes_sur_les_commentaires(client, lieu.get_absolute_url())

    assert lectures == 0
    assert "Gardé en mémoire 3141" in page
