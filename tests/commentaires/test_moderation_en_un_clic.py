"""La file /moderation/ en un clic : chaque carte porte les décisions que son statut
permet, passées par la même transition que le lot ; on revient à la même page de la
file avec un message. Le formulaire par lot n'a aucune action choisie d'avance, le
titre suit le filtre et les bilans s'accordent au nombre."""

import pytest
from django.core import mail

from commentaires.models import Commentaire, Transition
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser, cartes_de_la_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderateur(client, webmestre):
    client.force_login(webmestre)
    return webmestre


def _decider(client, commentaire, action: str, *, motif: str = "", retour: str = "/moderation/"):
    return client.post(
        f"/moderation/{commentaire.pk}/decider/",
        {"action": action, "motif": motif, "retour": retour},
    )


def _messages(client, reponse) -> list[str]:
    return [m.message for m in client.get(reponse["Location"]).context["messages"]]


def _boutons(carte) -> dict[str, str]:
    """Les décisions d'une carte : valeur → texte visible du bouton."""
    return {
        b.attribut("value"): b.texte().split(" — ")[0]
        for b in carte.tous("button")
        if b.attribut("name") == "action"
    }


def test_chaque_carte_propose_les_decisions_que_son_statut_permet(client, moderateur, lieu):
    en_attente = CommentaireFactory(objet=lieu, nom="Gaëlle")
    masque = CommentaireFactory(objet=lieu, statut="masque")
    spam = CommentaireFactory(objet=lieu, statut="spam")

    cartes = cartes_de_la_file(client.get("/moderation/"))
    spam_carte = cartes_de_la_file(client.get("/moderation/?statut=spam"))[spam.pk]

    assert _boutons(cartes[en_attente.pk]) == {
        "approuver": "Approuver",
        "rejeter": "Rejeter",
        "marquer_spam": "Marquer comme indésirable",
    }
    assert set(_boutons(cartes[masque.pk])) == {"approuver", "rejeter", "marquer_spam"}
    # Un indésirable ne peut qu'être approuvé (faux positif) : pas de motif de refus.
    assert _boutons(spam_carte) == {"approuver": "Approuver"}
    assert not [e for e in spam_carte.tous("input") if e.attribut("name") == "motif"]
    formulaire = cartes[en_attente.pk].un("form")
    assert formulaire.attribut("action") == f"/moderation/{en_attente.pk}/decider/"
    assert formulaire.attribut("method") == "post"
    noms = {e.attribut("name") for e in formulaire.tous("input")}
    assert {"csrfmiddlewaretoken", "retour", "motif"} <= noms
    # Chaque bouton se distingue des autres au lecteur d'écran par l'auteur.
    assert all("commentaire de Gaëlle" in b.texte() for b in cartes[en_attente.pk].tous("button"))


def test_approuver_en_un_clic_publie_trace_previent_et_revient_a_la_meme_page(
    client, moderateur, lieu, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu, nom="Gaëlle")
    retour = "/moderation/?statut=file&page=2"

    with django_capture_on_commit_callbacks(execute=True):
        reponse = _decider(client, commentaire, "approuver", retour=retour)

    assert reponse.status_code == 302
    assert reponse["Location"] == retour
    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.PUBLIE
    assert commentaire.publie_le is not None
    transition = Transition.objects.get(commentaire=commentaire)
    assert (transition.de, transition.vers, transition.par) == ("en_attente", "publie", moderateur)
    assert [m.to for m in mail.outbox] == [[commentaire.email]]
    assert _messages(client, reponse) == ["Le commentaire de Gaëlle est publié."]


def test_rejeter_en_un_clic_transmet_le_motif_facultatif(
    client, moderateur, lieu, django_capture_on_commit_callbacks
):
    avec_motif = CommentaireFactory(objet=lieu)
    sans_motif = CommentaireFactory(objet=lieu)

    with django_capture_on_commit_callbacks(execute=True):
        _decider(client, avec_motif, "rejeter", motif="Propos hors charte")
        _decider(client, sans_motif, "rejeter")

    assert set(Commentaire.objects.values_list("statut", flat=True)) == {"rejete"}
    assert avec_motif.transitions.get().motif == "Propos hors charte"
    assert sans_motif.transitions.get().motif == ""
    courriels = {m.to[0]: m.body for m in mail.outbox}
    assert "Motif\u00a0: Propos hors charte" in courriels[avec_motif.email]
    assert "Motif\u00a0:" not in courriels[sans_motif.email]


def test_indesirable_en_un_clic_n_ecrit_pas_a_l_auteur(
    client, moderateur, lieu, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = _decider(client, commentaire, "marquer_spam")

    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.SPAM
    assert mail.outbox == []
    assert _messages(client, reponse) == [
        f"Le commentaire de {commentaire.nom} est marqué comme indésirable."
    ]


def test_une_decision_que_le_statut_ne_permet_plus_est_refusee_et_dite(
    client, moderateur, webmestre, lieu
):
    # Un autre modérateur a publié entre l'affichage de la file et le clic.
    commentaire = CommentaireFactory(objet=lieu)
    commentaire.approuver(par=webmestre)

    reponse = _decider(client, commentaire, "approuver")

    assert _messages(client, reponse) == [
        "Impossible d'approuver\u00a0: l'état actuel est « Publié »."
    ]
    assert commentaire.transitions.count() == 1


@pytest.mark.parametrize("action", ["", "supprimer", "confirmer", "masquer"])
def test_une_decision_inconnue_ne_change_rien(client, moderateur, lieu, action):
    commentaire = CommentaireFactory(objet=lieu)

    reponse = _decider(client, commentaire, action, retour="https://exemple.invalid/")

    assert reponse["Location"] == "/moderation/"
    assert _messages(client, reponse) == ["Choisissez une décision pour ce commentaire."]
    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE


def test_un_commentaire_inconnu_repond_404(client, moderateur):
    assert client.post("/moderation/999999/decider/", {"action": "approuver"}).status_code == 404


def test_la_decision_en_un_clic_est_refusee_sans_le_role_et_sans_jeton_csrf(client, citoyen, lieu):
    commentaire = CommentaireFactory(objet=lieu)

    anonyme = _decider(client, commentaire, "approuver")
    assert anonyme.status_code == 302
    assert anonyme["Location"].startswith("/compte/login/")
    client.force_login(citoyen)
    assert _decider(client, commentaire, "approuver").status_code == 403
    # Un GET (un favori) ramène à la file, qui refuse elle-même le citoyen.
    assert client.get(f"/moderation/{commentaire.pk}/decider/")["Location"] == "/moderation/"

    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE


def test_sans_jeton_csrf_la_decision_est_refusee(webmestre, lieu):
    from django.test import Client

    commentaire = CommentaireFactory(objet=lieu)
    client = Client(enforce_csrf_checks=True)
    client.force_login(webmestre)

    assert _decider(client, commentaire, "approuver").status_code == 403
    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE


def test_le_formulaire_par_lot_n_a_aucune_action_choisie_d_avance(client, moderateur, lieu):
    CommentaireFactory(objet=lieu)

    page = analyser(client.get("/moderation/"))
    [lot] = [f for f in page.tous("form") if f.attribut("id") == "file-lot"]

    radios = [e for e in lot.tous("input") if e.attribut("type") == "radio"]
    assert {r.attribut("value") for r in radios} == {"approuver", "rejeter", "marquer_spam"}
    assert not [r for r in radios if "checked" in dict(r.attributs)]
    # Les cases des cartes appartiennent au formulaire par lot.
    cases = [e for e in page.tous("input") if e.attribut("name") == "ids"]
    assert {c.attribut("form") for c in cases} == {"file-lot"}


@pytest.mark.parametrize(
    ("requete", "titre"),
    [
        ("", "Commentaires à traiter"),
        ("?statut=file", "Commentaires à traiter"),
        ("?statut=en_attente", "Commentaires en attente"),
        ("?statut=publie", "Commentaires publiés"),
        ("?statut=rejete", "Commentaires rejetés"),
        ("?statut=spam", "Commentaires indésirables"),
        ("?statut=masque", "Commentaires masqués"),
        ("?statut=en_attente_confirmation", "Commentaires dont l'adresse est à confirmer"),
        ("?statut=inconnu", "Commentaires à traiter"),
    ],
)
def test_le_titre_suit_le_filtre_de_statut(client, moderateur, requete, titre):
    page = analyser(client.get(f"/moderation/{requete}"))

    assert page.un("h1").texte() == titre
    assert page.un("title").texte().startswith(f"{titre} — Modération")


def test_le_titre_d_une_page_suivante_dit_son_numero(client, moderateur, lieu):
    CommentaireFactory.create_batch(26, objet=lieu, statut="publie")

    page = analyser(client.get("/moderation/?statut=publie&page=2"))

    assert page.un("title").texte().startswith("Commentaires publiés — page 2 — Modération")


@pytest.mark.parametrize(
    ("nombre", "bilan"),
    [(1, "1 commentaire traité."), (2, "2 commentaires traités.")],
)
def test_le_bilan_du_lot_s_accorde_au_nombre(client, moderateur, lieu, nombre, bilan):
    commentaires = CommentaireFactory.create_batch(nombre, objet=lieu)

    reponse = client.post(
        "/moderation/agir/",
        {"action": "approuver", "ids": [c.pk for c in commentaires], "retour": "/moderation/"},
    )

    assert _messages(client, reponse) == [bilan]


def test_un_lot_deja_parti_dit_qu_aucun_commentaire_n_est_traite(client, moderateur, lieu):
    commentaire = CommentaireFactory(objet=lieu)
    pk = commentaire.pk
    commentaire.delete()  # supprimé depuis l'affichage de la file

    reponse = client.post("/moderation/agir/", {"action": "approuver", "ids": [pk]})

    assert _messages(client, reponse) == ["0 commentaire traité."]


def test_le_compte_de_la_file_s_accorde_au_nombre(client, moderateur, lieu):
    texte = analyser(client.get("/moderation/")).un("main").texte()
    assert "0 commentaire, du plus ancien au plus récent." in texte

    CommentaireFactory(objet=lieu)
    texte = analyser(client.get("/moderation/")).un("main").texte()
    assert "1 commentaire, du plus ancien au plus récent." in texte
