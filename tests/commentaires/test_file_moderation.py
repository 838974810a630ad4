"""La file /moderation/ : réservée au rôle Webmestres, du plus ancien au plus
récent, avec le contexte de chaque commentaire, des actions groupées et des filtres."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from commentaires.models import Commentaire, Transition
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser, cartes_de_la_file
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


def _il_y_a(**duree):
    return timezone.now() - timedelta(**duree)


@pytest.fixture
def moderateur(client, webmestre):
    client.force_login(webmestre)
    return webmestre


def _agir(client, action: str, *commentaires, motif: str = "", retour: str = "/moderation/"):
    return client.post(
        "/moderation/agir/",
        {"action": action, "ids": [c.pk for c in commentaires], "motif": motif, "retour": retour},
    )


def _messages(client, reponse) -> list[str]:
    return [m.message for m in client.get(reponse["Location"]).context["messages"]]


def test_un_anonyme_est_envoye_vers_la_connexion(client):
    reponse = client.get("/moderation/")

    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/compte/login/?next=/moderation/")
    assert client.post("/moderation/agir/", {"action": "approuver"}).status_code == 302


def test_un_citoyen_recoit_un_refus_403(client, citoyen, lieu):
    commentaire = CommentaireFactory(objet=lieu)
    client.force_login(citoyen)

    assert client.get("/moderation/").status_code == 403
    assert _agir(client, "approuver", commentaire).status_code == 403
    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE


def test_la_file_montre_les_commentaires_a_traiter_du_plus_ancien_au_plus_recent(
    client, moderateur, lieu
):
    recent = CommentaireFactory(objet=lieu, cree_le=_il_y_a(minutes=5))
    ancien = CommentaireFactory(objet=lieu, cree_le=_il_y_a(days=2))
    masque = CommentaireFactory(objet=lieu, statut="masque", cree_le=_il_y_a(days=1))
    for statut in ("en_attente_confirmation", "publie", "rejete", "spam"):
        CommentaireFactory(objet=lieu, statut=statut, cree_le=_il_y_a(days=3))

    reponse = client.get("/moderation/")

    assert reponse.status_code == 200
    assert list(cartes_de_la_file(reponse)) == [ancien.pk, masque.pk, recent.pk]
    assert "3 commentaires, du plus ancien au plus récent" in reponse.content.decode()


def test_chaque_commentaire_montre_sa_page_son_auteur_et_son_historique(client, moderateur, lieu):
    email = "gaelle@exemple.fr"
    for statut in ("publie", "publie", "rejete", "spam", "en_attente_confirmation"):
        CommentaireFactory(objet=lieu, email=email, statut=statut, cree_le=_il_y_a(days=9))
    parent = CommentaireFactory(objet=lieu, statut="publie", nom="Tugdual")
    commentaire = CommentaireFactory(
        objet=lieu,
        parent=parent,
        nom="Gaëlle",
        email=email,
        texte="Voir https://exemple.fr/agenda\n\nMerci\u202f!",
    )

    carte = cartes_de_la_file(client.get("/moderation/"))[commentaire.pk]

    texte = " ".join(carte.texte().split())
    liens = {lien.attribut("href"): lien.texte() for lien in carte.tous("a")}
    assert liens[f"{lieu.get_absolute_url()}#commentaires"] == "Médiathèque des Capucins"
    type_id = ContentType.objects.get_for_model(lieu).pk
    assert f"?statut=file&page_objet={type_id}-{lieu.pk}" in liens
    assert f"Gaëlle <{email}>" in texte
    assert "2 publiés, 2 refusés" in texte
    assert "en réponse à Tugdual" in texte
    apercu = carte.un(classe="commentaire__texte")
    assert [p.texte() for p in apercu.tous("p")] == [
        "Voir https://exemple.fr/agenda",
        "Merci\u202f!",
    ]
    assert apercu.un("a").attribut("rel") == "nofollow ugc noopener"
    # Chaque case a son étiquette : la file se parcourt au clavier et au lecteur d'écran.
    case = [e for e in carte.tous("input") if e.attribut("type") == "checkbox"][0]
    etiquette = [e for e in carte.tous("label") if e.attribut("for") == case.attribut("id")]
    assert etiquette[0].texte() == "Sélectionner le commentaire de Gaëlle (à modérer)"


def test_approuver_en_groupe_publie_trace_et_previent(
    client, moderateur, lieu, django_capture_on_commit_callbacks
):
    commentaires = CommentaireFactory.create_batch(3, objet=lieu)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = _agir(client, "approuver", *commentaires[:2])

    assert reponse.status_code == 302
    assert _messages(client, reponse) == ["2 commentaires traités."]
    statuts = dict(Commentaire.objects.values_list("pk", "statut"))
    assert [statuts[c.pk] for c in commentaires] == ["publie", "publie", "en_attente"]
    assert Transition.objects.filter(vers="publie", par=moderateur).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in commentaires[:2])
    assert list(cartes_de_la_file(client.get("/moderation/"))) == [commentaires[2].pk]


def test_rejeter_en_groupe_avec_un_motif_le_transmet_aux_auteurs(
    client, moderateur, lieu, django_capture_on_commit_callbacks
):
    commentaires = CommentaireFactory.create_batch(2, objet=lieu)

    with django_capture_on_commit_callbacks(execute=True):
        _agir(client, "rejeter", *commentaires, motif="Propos hors charte")

    assert set(Commentaire.objects.values_list("statut", flat=True)) == {"rejete"}
    assert set(Transition.objects.values_list("motif", flat=True)) == {"Propos hors charte"}
    assert len(mail.outbox) == 2
    assert all("Motif\u00a0: Propos hors charte" in m.body for m in mail.outbox)


def test_marquer_comme_indesirable_n_ecrit_pas_a_l_auteur(
    client, moderateur, lieu, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu)

    with django_capture_on_commit_callbacks(execute=True):
        _agir(client, "marquer_spam", commentaire)

    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.SPAM
    assert commentaire.transitions.get().par == moderateur
    assert mail.outbox == []


def test_une_action_impossible_sur_une_partie_de_la_selection_est_signalee(
    client, moderateur, lieu
):
    en_attente = CommentaireFactory(objet=lieu)
    a_confirmer = CommentaireFactory(objet=lieu, statut="en_attente_confirmation")

    reponse = _agir(client, "approuver", en_attente, a_confirmer)

    assert _messages(client, reponse) == [
        "1 commentaire traité.",
        "1 commentaire ignoré\u00a0: son statut ne permet pas cette action.",
    ]
    a_confirmer.refresh_from_db()
    assert a_confirmer.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION


def test_sans_selection_rien_n_est_fait_et_un_message_le_dit(client, moderateur, lieu):
    reponse = client.post("/moderation/agir/", {"action": "approuver"})

    assert reponse["Location"] == "/moderation/"
    assert _messages(client, reponse) == [
        "Cochez au moins un commentaire et choisissez une action."
    ]
    # Le refus s'annonce comme un résumé d'erreurs : titre, rôle, focus.
    page = client.post("/moderation/agir/", {"action": "approuver"}, follow=True)
    html = page.content.decode()
    assert "<title>Erreur\u00a0: " in html
    assert 'id="messages" role="alert" data-resume-erreurs' in html
    # Un bilan ordinaire, lui, reste un simple statut.
    assert "<title>Erreur" not in client.get("/moderation/").content.decode()


@pytest.mark.parametrize(
    ("retour", "attendu"),
    [
        ("/moderation/?statut=masque&page=2", "/moderation/?statut=masque&page=2"),
        ("https://exemple.invalid/moderation/", "/moderation/"),
        ("//exemple.invalid/moderation/", "/moderation/"),
        ("/moderation/..//exemple.invalid", "/moderation/"),
        ("/admin/", "/moderation/"),
    ],
)
def test_apres_une_action_on_revient_a_la_file_filtree_jamais_ailleurs(
    client, moderateur, lieu, retour, attendu
):
    commentaire = CommentaireFactory(objet=lieu)

    assert _agir(client, "approuver", commentaire, retour=retour)["Location"] == attendu


def test_filtrer_par_statut(client, moderateur, lieu):
    spam = CommentaireFactory(objet=lieu, statut="spam")
    CommentaireFactory(objet=lieu)
    a_confirmer = CommentaireFactory(objet=lieu, statut="en_attente_confirmation")

    assert list(cartes_de_la_file(client.get("/moderation/?statut=spam"))) == [spam.pk]
    assert list(cartes_de_la_file(client.get("/moderation/?statut=en_attente_confirmation"))) == [
        a_confirmer.pk
    ]
    # Un statut inconnu ne casse rien : on retombe sur la file à traiter.
    reponse = client.get("/moderation/?statut=n-importe-quoi")
    assert reponse.status_code == 200
    assert len(cartes_de_la_file(reponse)) == 1


def test_filtrer_par_page(client, moderateur, lieu):
    ici = CommentaireFactory(objet=lieu)
    ailleurs = CommentaireFactory(objet=LieuFactory(nom="Cyberbase de Guipavas"))
    type_id = ContentType.objects.get_for_model(lieu).pk

    reponse = client.get(f"/moderation/?page_objet={type_id}-{lieu.pk}")

    assert list(cartes_de_la_file(reponse)) == [ici.pk]
    assert "Toutes les pages" in analyser(reponse).un("form", "filtres-moderation").texte()
    assert list(cartes_de_la_file(client.get("/moderation/"))) == [ici.pk, ailleurs.pk]
    # Un filtre mal formé est ignoré.
    assert len(cartes_de_la_file(client.get("/moderation/?page_objet=1;DROP"))) == 2


def test_la_pagination_garde_les_filtres(client, moderateur, lieu):
    commentaires = [
        CommentaireFactory(objet=lieu, statut="spam", cree_le=_il_y_a(minutes=60 - n))
        for n in range(30)
    ]

    premiere = client.get("/moderation/?statut=spam")
    seconde = client.get("/moderation/?statut=spam&page=2")

    assert list(cartes_de_la_file(premiere)) == [c.pk for c in commentaires[:25]]
    assert list(cartes_de_la_file(seconde)) == [c.pk for c in commentaires[25:]]
    suivante = [
        lien.attribut("href")
        for lien in analyser(premiere).un("nav", "pagination").tous("a")
        if lien.texte() == "Page suivante"
    ]
    assert suivante == ["?statut=spam&page=2"]


def test_le_menu_des_moderateurs_montre_le_nombre_a_traiter(client, webmestre, citoyen, lieu):
    CommentaireFactory.create_batch(2, objet=lieu)
    CommentaireFactory(objet=lieu, statut="masque")
    CommentaireFactory(objet=lieu, statut="publie")

    client.force_login(webmestre)
    menu = analyser(client.get("/papi/")).un("nav", "menu-compte")
    lien = [a for a in menu.tous("a") if a.attribut("href") == "/moderation/"]
    assert " ".join(lien[0].texte().split()) == "Modération (3 à traiter)"

    client.force_login(citoyen)
    menu = analyser(client.get("/papi/")).un("nav", "menu-compte")
    assert not [a for a in menu.tous("a") if a.attribut("href") == "/moderation/"]


def test_sur_une_file_filtree_le_menu_compte_toujours_ce_qui_reste_a_traiter(
    client, moderateur, lieu
):
    CommentaireFactory.create_batch(2, objet=lieu)
    CommentaireFactory.create_batch(3, objet=lieu, statut="spam")

    page = analyser(client.get("/moderation/?statut=spam"))

    menu = page.un("nav", "menu-compte")
    lien = [a for a in menu.tous("a") if a.attribut("href") == "/moderation/"]
    assert " ".join(lien[0].texte().split()) == "Modération (2 à traiter)"
    assert "3 commentaires, du plus ancien" in page.un("main").texte()
