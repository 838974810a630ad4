"""La file des erreurs signalées sur les lieux (/moderation/signalements/), à côté de
celle des commentaires : statut, message, lieu, note, qui l'a clos et quand ; filtre
par statut ; traiter ou rejeter avec une note par les transitions du modèle ; le
visiteur qui a laissé son adresse reçoit un seul courriel quand c'est traité."""

import pytest
from django.core import mail
from django.test import Client

from brest_numerique.notifications.models import Notification
from papi.models import HistoriqueSignalement, SignalementLieu
from papi.services import lieu_signaler
from tests.commentaires.outils import analyser
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

URL = "/moderation/signalements/"


@pytest.fixture
def lieu():
    return LieuFactory(nom="Médiathèque des Capucins")


@pytest.fixture
def equipe(client, webmestre):
    client.force_login(webmestre)
    return webmestre


def _signaler(lieu, message="Fermé le mardi désormais", email="habitant@exemple.fr"):
    signalement = lieu_signaler(lieu=lieu, message=message, email=email)
    Notification.objects.all().delete()  # le courriel à l'équipe n'est pas le sujet ici
    return signalement


def _clore(client, signalement, action, note="", retour=URL):
    return client.post(
        f"{URL}{signalement.pk}/clore/", {"action": action, "note": note, "retour": retour}
    )


def _messages(client, reponse) -> list[str]:
    return [m.message for m in client.get(reponse["Location"]).context["messages"]]


def _cartes(reponse) -> dict[int, object]:
    return {
        int(carte.attribut("id").removeprefix("signalement-")): carte
        for carte in analyser(reponse).tous("li", "carte")
    }


def test_la_file_montre_les_nouveaux_du_plus_ancien_avec_message_lieu_et_adresse(
    client, equipe, lieu
):
    ancien = _signaler(lieu, message="Le téléphone a changé")
    recent = _signaler(lieu, message="<b>Adresse</b> inexacte", email="")
    _signaler(lieu).rejeter(par=equipe)

    reponse = client.get(URL)

    assert reponse.status_code == 200
    page = analyser(reponse)
    assert page.un("h1").texte() == "Erreurs signalées à traiter"
    assert page.un("title").texte().startswith("Erreurs signalées à traiter — Modération")
    cartes = _cartes(reponse)
    assert list(cartes) == [ancien.pk, recent.pk]
    texte = " ".join(cartes[ancien.pk].texte().split())
    assert "Médiathèque des Capucins" in texte
    assert "Le téléphone a changé" in texte
    assert "habitant@exemple.fr" in texte
    assert "Nouveau" in texte
    liens = {a.attribut("href") for a in cartes[ancien.pk].tous("a")}
    assert lieu.get_absolute_url() in liens
    # Le message du visiteur est du texte, jamais du HTML.
    assert not cartes[recent.pk].tous("b")
    assert "<b>Adresse</b> inexacte" in cartes[recent.pk].texte()
    assert "non laissée" in cartes[recent.pk].texte()
    assert "2 signalements." in page.un("main").texte()


def test_traiter_avec_une_note_trace_qui_quand_et_previent_le_visiteur_une_fois(
    client, equipe, lieu, django_capture_on_commit_callbacks
):
    signalement = _signaler(lieu)
    retour = f"{URL}?statut=nouveau&page=1"

    with django_capture_on_commit_callbacks(execute=True):
        reponse = _clore(client, signalement, "traiter", note="Horaires corrigés", retour=retour)
    assert _messages(client, reponse) == [
        "Le signalement sur « Médiathèque des Capucins » est traité\u202f; "
        "habitant@exemple.fr en est averti par courriel."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        # Un double clic : la transition refuse, aucun second courriel.
        second = _clore(client, signalement, "traiter", retour=retour)

    assert reponse["Location"] == retour
    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.TRAITE
    assert signalement.traite_par == equipe
    assert signalement.note == "Horaires corrigés"
    assert signalement.traite_le is not None
    historique = HistoriqueSignalement.objects.get(signalement=signalement)
    assert (historique.de, historique.vers, historique.par, historique.motif) == (
        "nouveau",
        "traite",
        equipe,
        "Horaires corrigés",
    )
    [courriel] = mail.outbox
    assert courriel.to == ["habitant@exemple.fr"]
    assert "Médiathèque des Capucins" in courriel.subject
    assert "Fermé le mardi désormais" in courriel.body
    assert lieu.get_absolute_url() in courriel.body
    # La note de l'équipe est interne : le visiteur ne la lit pas.
    assert "Horaires corrigés" not in courriel.body
    assert Notification.objects.filter(cle=f"papi_signalement_traite:{signalement.pk}").count() == 1
    assert _messages(client, second) == [
        "Impossible de traiter\u00a0: l'état actuel est « Traité »."
    ]


def test_le_courriel_au_visiteur_est_idempotent_meme_rejoue(lieu, webmestre):
    from papi.services import signalement_remercier

    signalement = _signaler(lieu)
    signalement.traiter(par=webmestre)
    signalement_remercier(signalement=signalement)

    assert Notification.objects.filter(sorte="papi_signalement_traite").count() == 1


def test_sans_adresse_ou_rejete_le_visiteur_n_est_pas_prevenu(
    client, equipe, lieu, django_capture_on_commit_callbacks
):
    anonyme = _signaler(lieu, email="")
    a_rejeter = _signaler(lieu)

    with django_capture_on_commit_callbacks(execute=True):
        traite = _clore(client, anonyme, "traiter")
    assert _messages(client, traite) == [
        "Le signalement sur « Médiathèque des Capucins » est traité."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        rejete = _clore(client, a_rejeter, "rejeter", note="Message publicitaire")
    assert _messages(client, rejete) == [
        "Le signalement sur « Médiathèque des Capucins » est rejeté."
    ]

    assert mail.outbox == []
    a_rejeter.refresh_from_db()
    assert (a_rejeter.statut, a_rejeter.note) == ("rejete", "Message publicitaire")


def test_les_filtres_montrent_les_clos_avec_leur_note_qui_et_quand(client, equipe, lieu):
    traite = _signaler(lieu)
    traite.traiter(par=equipe, note="Horaires corrigés")
    rejete = _signaler(lieu)
    rejete.rejeter(par=equipe)
    nouveau = _signaler(lieu)

    traites = client.get(URL, {"statut": "traite"})
    tous = client.get(URL, {"statut": "tous"})

    assert list(_cartes(traites)) == [traite.pk]
    carte = " ".join(_cartes(traites)[traite.pk].texte().split())
    assert "Horaires corrigés" in carte
    assert f"par {equipe}" in carte
    # Un signalement clos n'a plus de formulaire.
    assert not _cartes(traites)[traite.pk].tous("form")
    assert analyser(traites).un("h1").texte() == "Erreurs signalées traitées"
    assert list(_cartes(client.get(URL, {"statut": "rejete"}))) == [rejete.pk]
    assert set(_cartes(tous)) == {traite.pk, rejete.pk, nouveau.pk}
    # Un statut inconnu retombe sur les nouveaux.
    assert list(_cartes(client.get(URL, {"statut": "n-importe"}))) == [nouveau.pk]


def test_les_deux_files_se_donnent_la_main(client, equipe):
    commentaires = analyser(client.get("/moderation/")).un("nav", "files-moderation")
    signalements = analyser(client.get(URL)).un("nav", "files-moderation")

    for nav in (commentaires, signalements):
        assert {a.attribut("href") for a in nav.tous("a")} == {"/moderation/", URL}
    courant = [a for a in signalements.tous("a") if a.attribut("aria-current") == "page"]
    assert [a.attribut("href") for a in courant] == [URL]


@pytest.mark.parametrize("action", ["", "supprimer", "rouvrir"])
def test_une_action_inconnue_ne_change_rien(client, equipe, lieu, action):
    signalement = _signaler(lieu)

    reponse = _clore(client, signalement, action, retour="https://exemple.invalid/")

    assert reponse["Location"] == URL
    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.NOUVEAU


def test_la_file_est_fermee_a_qui_ne_traite_pas_les_signalements(
    client, citoyen, instructeur, lieu
):
    signalement = _signaler(lieu)

    assert client.get(URL)["Location"].startswith("/compte/login/")
    assert _clore(client, signalement, "traiter").status_code == 302
    for compte in (citoyen, instructeur):
        client.force_login(compte)
        assert client.get(URL).status_code == 403
        assert _clore(client, signalement, "traiter").status_code == 403
    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.NOUVEAU


def test_sans_jeton_csrf_rien_n_est_clos(webmestre, lieu):
    signalement = _signaler(lieu)
    client = Client(enforce_csrf_checks=True)
    client.force_login(webmestre)

    assert _clore(client, signalement, "traiter").status_code == 403
    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.NOUVEAU


def test_un_signalement_inconnu_repond_404(client, equipe):
    assert client.post(f"{URL}999999/clore/", {"action": "traiter"}).status_code == 404


def test_la_file_coute_autant_de_requetes_a_3_qu_a_30_signalements(
    client, equipe, django_assert_max_num_queries
):
    lieux = LieuFactory.create_batch(3)
    for n in range(3):
        _signaler(lieux[n % 3]).traiter(par=equipe)
    with django_assert_max_num_queries(10) as petites:
        client.get(URL, {"statut": "tous"})
    for n in range(27):
        _signaler(lieux[n % 3])
    with django_assert_max_num_queries(len(petites.captured_queries)):
        reponse = client.get(URL, {"statut": "tous"})
    assert len(_cartes(reponse)) == 25
