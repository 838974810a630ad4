"""« Signaler une erreur » : le signalement est enregistré, l'équipe est prévenue
une seule fois, et les webmestres le traitent ou le rejettent dans l'administration."""

import html

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.models import Notification
from papi.models import SignalementLieu
from papi.services import lieu_signaler, signalement_notifier
from tests.factories import UserFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

URL_LISTE = reverse("admin:papi_signalementlieu_changelist")


@pytest.fixture
def lieu():
    return LieuFactory(nom="Médiathèque des Capucins")


@pytest.fixture
def signalement(lieu):
    return lieu_signaler(lieu=lieu, message="Fermé le mardi désormais", email="habitant@exemple.fr")


def signaler(client, lieu, **donnees):
    return client.post(reverse("papi:signaler", args=[lieu.slug]), donnees)


def test_un_signalement_envoye_depuis_la_fiche_est_enregistre_et_previent_l_equipe(
    client, lieu, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = signaler(client, lieu, message="Fermé le mardi", email="habitant@exemple.fr")

    assert reponse.status_code == 302
    # Le navigateur arrive sur le message de remerciement, pas sur #resume-erreurs
    # (le fragment de l'adresse du formulaire, qu'il garderait sinon).
    assert reponse["Location"] == f"{lieu.get_absolute_url()}#messages"
    signalement = SignalementLieu.objects.get()
    assert (signalement.lieu, signalement.message, signalement.email) == (
        lieu,
        "Fermé le mardi",
        "habitant@exemple.fr",
    )
    assert signalement.statut == SignalementLieu.Statut.NOUVEAU
    notification = Notification.objects.get()
    assert notification.cle == f"papi_signalement:{signalement.pk}"
    assert notification.destinataire == settings.STAFF_EMAIL
    [courriel] = mail.outbox
    lien = reverse("admin:papi_signalementlieu_change", args=[signalement.pk])
    assert settings.SITE_URL + lien in courriel.body


def test_notifier_deux_fois_le_meme_signalement_n_ecrit_qu_un_courriel(
    lieu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signalement = lieu_signaler(lieu=lieu, message="Fermé le mardi désormais")
        # Une tâche rejouée, un double clic : la clé est celle du signalement.
        signalement_notifier(signalement=signalement)

    assert Notification.objects.filter(cle=f"papi_signalement:{signalement.pk}").count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_deux_signalements_du_meme_texte_font_deux_courriels(lieu):
    premier = lieu_signaler(lieu=lieu, message="Horaires faux")
    second = lieu_signaler(lieu=lieu, message="Horaires faux")

    assert sorted(Notification.objects.values_list("cle", flat=True)) == sorted(
        [f"papi_signalement:{premier.pk}", f"papi_signalement:{second.pk}"]
    )


def test_un_signalement_invalide_n_est_pas_enregistre(client, lieu):
    reponse = signaler(client, lieu, message="", email="pas-une-adresse")

    assert reponse.status_code == 400
    assert not SignalementLieu.objects.exists()
    assert not Notification.objects.exists()


def test_un_robot_pris_au_piege_recoit_la_reponse_d_un_envoi_reussi_et_rien_n_est_ecrit(
    client, lieu
):
    humain = client.post(
        reverse("papi:signaler", args=[lieu.slug]), {"message": "Fermé le mardi"}, follow=True
    )
    SignalementLieu.objects.all().delete()
    Notification.objects.all().delete()

    robot = client.post(
        reverse("papi:signaler", args=[lieu.slug]),
        {"message": "Achetez", "site_web": "http://spam.example"},
        follow=True,
    )

    assert robot.redirect_chain == humain.redirect_chain
    merci = "Merci\u00a0: votre signalement a bien été transmis à l&#x27;équipe."
    assert merci in humain.text
    assert merci in robot.text
    assert not SignalementLieu.objects.exists()
    assert not Notification.objects.exists()


def test_traiter_un_signalement_note_qui_quand_et_pourquoi(signalement, webmestre):
    with CaptureQueriesContext(connection) as requetes:
        signalement.traiter(par=webmestre, note="Horaires corrigés")

    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.TRAITE
    assert signalement.traite_par == webmestre
    assert signalement.note == "Horaires corrigés"
    assert signalement.traite_le is not None
    # La ligne est verrouillée avant d'être lue : deux clics ne traitent qu'une fois.
    assert any("FOR UPDATE" in q["sql"] for q in requetes.captured_queries)


def test_rejeter_un_signalement_garde_la_note_deja_ecrite(signalement, webmestre):
    SignalementLieu.objects.filter(pk=signalement.pk).update(note="Message publicitaire")

    signalement.rejeter(par=webmestre)

    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.REJETE
    assert signalement.note == "Message publicitaire"


@pytest.mark.parametrize(("premiere", "seconde"), [("traiter", "rejeter"), ("rejeter", "traiter")])
def test_un_signalement_clos_ne_change_plus_d_etat(signalement, webmestre, premiere, seconde):
    getattr(signalement, premiere)(par=webmestre, note="premier avis")
    autre = UserFactory()

    with pytest.raises(
        TransitionInterdite, match="Impossible de .+\u00a0: l'état actuel est « .+ »"
    ):
        getattr(signalement, seconde)(par=autre, note="second avis")

    signalement.refresh_from_db()
    assert signalement.traite_par == webmestre
    assert signalement.note == "premier avis"


def test_un_signalement_clos_par_un_autre_entre_temps_est_refuse(signalement, webmestre):
    # La copie en mémoire croit encore le signalement nouveau ; la base, non.
    copie = SignalementLieu.objects.get(pk=signalement.pk)
    signalement.traiter(par=webmestre)

    with pytest.raises(TransitionInterdite):
        copie.rejeter(par=webmestre)

    assert SignalementLieu.objects.get().statut == SignalementLieu.Statut.TRAITE


class TestAdministration:
    def test_un_webmestre_voit_filtre_et_cherche_les_signalements(self, client, webmestre, lieu):
        lieu_signaler(lieu=lieu, message="Le numéro de téléphone a changé")
        ailleurs = LieuFactory(commune="Guipavas", code_insee="29069", code_postal="29490")
        lieu_signaler(lieu=ailleurs, message="Adresse inexacte")
        client.force_login(webmestre)

        reponse = client.get(URL_LISTE)

        assert reponse.status_code == 200
        assert reponse.context["cl"].result_count == 2
        guipavas = client.get(URL_LISTE, {"lieu__code_insee": "29069"}).context["cl"]
        assert [s.lieu for s in guipavas.result_list] == [ailleurs]
        assert client.get(URL_LISTE, {"q": "téléphone"}).context["cl"].result_count == 1
        assert client.get(URL_LISTE, {"statut__exact": "nouveau"}).context["cl"].result_count == 2

    def test_l_action_marquer_comme_traite_passe_par_la_methode_du_modele(
        self, client, webmestre, signalement
    ):
        client.force_login(webmestre)

        reponse = client.post(
            URL_LISTE, {"action": "traiter", "_selected_action": [signalement.pk]}, follow=True
        )

        signalement.refresh_from_db()
        assert signalement.statut == SignalementLieu.Statut.TRAITE
        assert signalement.traite_par == webmestre
        assert "1 signalement traité." in reponse.text

    def test_rejeter_un_signalement_deja_traite_le_laisse_tel_quel_et_le_dit(
        self, client, webmestre, signalement
    ):
        signalement.traiter(par=webmestre)
        client.force_login(webmestre)

        reponse = client.post(
            URL_LISTE, {"action": "rejeter", "_selected_action": [signalement.pk]}, follow=True
        )

        signalement.refresh_from_db()
        assert signalement.statut == SignalementLieu.Statut.TRAITE
        assert "Impossible de rejeter\u00a0: l'état actuel est « Traité »" in html.unescape(
            reponse.text
        )

    def test_le_message_et_l_adresse_du_visiteur_ne_se_modifient_pas(
        self, client, webmestre, signalement
    ):
        client.force_login(webmestre)
        url = reverse("admin:papi_signalementlieu_change", args=[signalement.pk])

        client.post(url, {"message": "Réécrit", "email": "autre@exemple.fr", "note": "Vu"})

        signalement.refresh_from_db()
        assert signalement.message == "Fermé le mardi désormais"
        assert signalement.email == "habitant@exemple.fr"
        assert signalement.note == "Vu"
        assert client.get(reverse("admin:papi_signalementlieu_add")).status_code == 403

    def test_un_membre_de_l_equipe_sans_la_permission_ne_voit_pas_les_signalements(
        self, client, instructeur, signalement
    ):
        client.force_login(instructeur)

        assert client.get(URL_LISTE).status_code == 403
        url = reverse("admin:papi_signalementlieu_change", args=[signalement.pk])
        assert client.get(url).status_code == 403
        assert "signalements d&#x27;erreur" not in client.get(reverse("admin:index")).text.lower()
