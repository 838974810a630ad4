import pytest

from brest_numerique.notifications.models import Notification
from commentaires.models import Commentaire, PreferenceModeration, Signalement
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import cartes_de_la_file, commentaires_affiches
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publie(lieu):
    return CommentaireFactory(objet=lieu, statut="publie", texte="Un avis qui dérange.")


def signaler(client, commentaire, *, ip="203.0.113.7", raison="injurieux"):
    return client.post(
        f"/commentaires/{commentaire.pk}/signaler/", {"raison": raison}, REMOTE_ADDR=ip
    )


def _messages(client, reponse) -> str:
    return " ".join(m.message for m in client.get(reponse["Location"]).context["messages"])


def test_un_lecteur_signale_un_commentaire_publie(client, publie):
    reponse = signaler(client, publie, raison="hors_sujet")

    assert reponse.status_code == 302
    assert reponse["Location"] == publie.objet.get_absolute_url() + "#messages"
    assert "signalement a été transmis" in _messages(client, reponse)
    signalement = Signalement.objects.get()
    assert signalement.raison == "hors_sujet"
    # L'adresse IP du signaleur n'est pas stockée en clair.
    assert "203.0.113.7" not in signalement.signaleur
    publie.refresh_from_db()
    assert publie.statut == Commentaire.Statut.PUBLIE


def test_une_personne_ne_signale_qu_une_fois(client, publie, citoyen):
    signaler(client, publie)
    reponse = signaler(client, publie, raison="spam")

    assert "déjà signalé" in _messages(client, reponse)
    assert Signalement.objects.count() == 1
    assert Signalement.objects.get().raison == "injurieux"

    # Connecté, on est reconnu par son compte, même en changeant d'adresse IP.
    client.force_login(citoyen)
    signaler(client, publie, ip="198.51.100.1")
    signaler(client, publie, ip="198.51.100.2")
    assert Signalement.objects.count() == 2


def test_on_ne_signale_qu_un_commentaire_publie(client, lieu):
    en_attente = CommentaireFactory(objet=lieu)

    assert signaler(client, en_attente).status_code == 404
    assert not Signalement.objects.exists()


def test_une_raison_inconnue_est_refusee(client, publie):
    assert signaler(client, publie, raison="pas-content").status_code == 400
    assert not Signalement.objects.exists()


def test_a_3_signalements_le_commentaire_est_masque_et_revient_dans_la_file(
    client, lieu, publie, webmestre, django_capture_on_commit_callbacks
):
    resumeur = UserFactory(role="Webmestres")
    PreferenceModeration.objects.create(moderateur=resumeur, rythme="quotidien")
    signaler(client, publie, ip="198.51.100.1")
    signaler(client, publie, ip="198.51.100.2")
    publie.refresh_from_db()
    assert publie.statut == Commentaire.Statut.PUBLIE
    assert publie.pk in commentaires_affiches(client.get(lieu.get_absolute_url()))

    with django_capture_on_commit_callbacks(execute=True):
        signaler(client, publie, ip="198.51.100.3")

    publie.refresh_from_db()
    assert publie.statut == Commentaire.Statut.MASQUE
    transition = publie.transitions.get()
    assert (transition.de, transition.vers, transition.par) == ("publie", "masque", None)
    assert transition.motif == "3 signalements de lecteurs"
    assert commentaires_affiches(client.get(lieu.get_absolute_url())) == {}
    # Un masquage n'attend pas le résumé du lendemain : tous les modérateurs sont prévenus.
    prevenus = Notification.objects.filter(sorte="moderation_masque")
    assert sorted(prevenus.values_list("destinataire", flat=True)) == sorted(
        [webmestre.email, resumeur.email]
    )
    assert all(n.statut == Notification.Statut.ENVOYEE for n in prevenus)
    assert "Un avis qui dérange." in prevenus.first().corps_texte
    client.force_login(webmestre)
    assert publie.pk in cartes_de_la_file(client.get("/moderation/"))


def test_un_quatrieme_signalement_ne_masque_pas_deux_fois(client, publie, webmestre):
    for numero in range(4):
        signaler(client, publie, ip=f"198.51.100.{numero}")

    assert publie.transitions.count() == 1
    assert Notification.objects.filter(sorte="moderation_masque").count() == 1


def test_le_seuil_de_signalements_se_regle(client, publie, settings):
    settings.COMMENTAIRES_SEUIL_SIGNALEMENTS = 1

    signaler(client, publie)

    publie.refresh_from_db()
    assert publie.statut == Commentaire.Statut.MASQUE
    assert publie.transitions.get().motif == "1 signalements de lecteurs"


def test_un_commentaire_reapprouve_apres_masquage_repart_d_un_compteur_neuf(
    client, publie, webmestre
):
    for numero in range(3):
        signaler(client, publie, ip=f"198.51.100.{numero}")
    publie.refresh_from_db()
    publie.approuver(par=webmestre)

    # Le modérateur a tranché : un seul nouveau signalement ne le remasque pas.
    signaler(client, publie, ip="198.51.100.10")
    publie.refresh_from_db()
    assert publie.statut == Commentaire.Statut.PUBLIE

    signaler(client, publie, ip="198.51.100.11")
    signaler(client, publie, ip="198.51.100.12")
    publie.refresh_from_db()
    assert publie.statut == Commentaire.Statut.MASQUE
    # Et les modérateurs sont prévenus de ce second masquage aussi.
    assert Notification.objects.filter(sorte="moderation_masque").count() == 2
