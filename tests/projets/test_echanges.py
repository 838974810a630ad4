"""La messagerie d'un dossier : envoi des deux côtés, non-lus et leur remise à zéro,
un courriel par message (jamais à l'auteur, pas aux désinscrits), droits (IDOR,
autre édition, anonyme), erreurs de saisie, échappement, nombre de requêtes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from brest_numerique.notifications.models import Desabonnement, Notification
from brest_numerique.notifications.services import lien_desabonnement
from projets.echanges.models import Cote, Message
from projets.echanges.services import avec_non_lus, message_envoyer, messages_non_lus
from projets.echanges.views import PAR_DOSSIER
from projets.pieces.models import Origine, PieceJointe
from tests.factories import UserFactory
from tests.projets import fichiers_exemples as ex
from tests.projets.factories import DossierFactory, candidat, dossier_depose

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    return dossier_depose()


@pytest.fixture
def membre(dossier):
    return dossier.structure.membres.get().user


@pytest.fixture
def instructeur_du(instructeur, dossier):
    dossier.edition.instructeurs.add(instructeur)
    return instructeur


def _url(cote: str, dossier) -> str:
    nom = "projets:messages" if cote == Cote.CANDIDAT else "instruction:messages"
    return reverse(nom, kwargs={"dossier": dossier.pk})


def _envois(sorte: str) -> list[str]:
    return sorted(Notification.objects.filter(sorte=sorte).values_list("destinataire", flat=True))


# --- Envoi des deux côtés --------------------------------------------------------------


def test_la_structure_ecrit_et_l_instruction_recoit_le_message_et_un_courriel(
    client, dossier, membre, instructeur_du
):
    client.force_login(membre)
    reponse = client.post(_url(Cote.CANDIDAT, dossier), {"texte": "Bonjour,\nune question."})

    assert reponse.status_code == 302
    assert reponse["Location"] == _url(Cote.CANDIDAT, dossier)
    message = Message.objects.get()
    assert (message.dossier, message.auteur, message.cote) == (dossier, membre, Cote.CANDIDAT)
    assert message.texte == "Bonjour,\nune question."
    assert _envois("dossier_message_instruction") == [instructeur_du.email]
    courriel = Notification.objects.get(sorte="dossier_message_instruction")
    assert dossier.numero in courriel.sujet
    assert "une question." in courriel.corps_texte
    assert _url(Cote.INSTRUCTION, dossier) in courriel.corps_texte


def test_l_instruction_ecrit_et_chaque_membre_recoit_un_courriel(
    client, dossier, membre, instructeur_du
):
    second = candidat(dossier.structure)
    client.force_login(instructeur_du)
    reponse = client.post(_url(Cote.INSTRUCTION, dossier), {"texte": "Il manque le devis."})

    assert reponse.status_code == 302
    message = Message.objects.get()
    assert (message.auteur, message.cote) == (instructeur_du, Cote.INSTRUCTION)
    assert _envois("dossier_message") == sorted([membre.email, second.email])
    courriel = Notification.objects.filter(sorte="dossier_message").first()
    assert "Il manque le devis." in courriel.corps_texte
    assert _url(Cote.CANDIDAT, dossier) in courriel.corps_texte
    # Une sorte facultative : chaque courriel porte son lien de désinscription.
    assert "List-Unsubscribe" in courriel.en_tetes


def test_le_message_va_a_l_instructeur_du_dossier_plutot_qu_a_toute_l_edition(
    dossier, membre, instructeur_du
):
    suiveur = UserFactory(role="Instructeurs")
    dossier.edition.instructeurs.add(suiveur)
    dossier.instructeur = suiveur
    dossier.save(update_fields=["instructeur"])

    message_envoyer(dossier=dossier, par=membre, texte="Bonjour", cote=Cote.CANDIDAT)

    assert _envois("dossier_message_instruction") == [suiveur.email]


def test_sans_instructeur_le_message_va_a_l_equipe(settings, dossier, membre):
    message_envoyer(dossier=dossier, par=membre, texte="Bonjour", cote=Cote.CANDIDAT)

    assert _envois("dossier_message_instruction") == [settings.STAFF_EMAIL]


def test_l_auteur_ne_recoit_jamais_son_propre_message(dossier, membre, instructeur_du):
    # L'instructeur est aussi membre de la structure : il écrit côté instruction.
    candidat_aussi = candidat(dossier.structure)
    dossier.edition.instructeurs.add(candidat_aussi)
    dossier.instructeur = candidat_aussi
    dossier.save(update_fields=["instructeur"])

    message_envoyer(dossier=dossier, par=candidat_aussi, texte="Vu.", cote=Cote.INSTRUCTION)
    message_envoyer(dossier=dossier, par=candidat_aussi, texte="Et moi.", cote=Cote.CANDIDAT)

    assert _envois("dossier_message") == [membre.email]
    assert _envois("dossier_message_instruction") == []


def test_un_desinscrit_ne_recoit_plus_les_messages_mais_les_autres_si(
    client, dossier, membre, instructeur_du
):
    second = candidat(dossier.structure)
    jeton = lien_desabonnement(email=membre.email, sorte="dossier_message").rsplit("/", 2)[-2]
    reponse = client.post(reverse("notifications:desabonnement", args=[jeton]))
    assert reponse.status_code in (200, 302)
    assert Desabonnement.objects.filter(email=membre.email, sorte="dossier_message").exists()

    message_envoyer(dossier=dossier, par=instructeur_du, texte="Bonjour", cote=Cote.INSTRUCTION)

    assert _envois("dossier_message") == [second.email]
    # Le message reste sur le portail : seul le courriel est refusé.
    assert messages_non_lus(membre, [dossier]) == {dossier.pk: 1}


def test_les_sortes_de_la_messagerie_sont_facultatives():
    from brest_numerique.notifications.types import sorte

    assert not sorte("dossier_message").essentielle
    assert not sorte("dossier_message_instruction").essentielle
    assert sorte("dossier_message_instruction").action == "instruire_dossiers"


# --- Non-lus -----------------------------------------------------------------------------


def test_les_non_lus_se_comptent_des_deux_cotes_et_se_remettent_a_zero_a_la_lecture(
    client, dossier, membre, instructeur_du
):
    autre = dossier_depose(edition=dossier.edition)
    message_envoyer(dossier=dossier, par=membre, texte="Un", cote=Cote.CANDIDAT)
    message_envoyer(dossier=dossier, par=membre, texte="Deux", cote=Cote.CANDIDAT)
    message_envoyer(dossier=autre, par=instructeur_du, texte="Ailleurs", cote=Cote.INSTRUCTION)

    assert messages_non_lus(instructeur_du, [dossier, autre]) == {dossier.pk: 2, autre.pk: 0}
    # Ses propres messages ne sont jamais des non-lus.
    assert messages_non_lus(membre, [dossier]) == {dossier.pk: 0}

    client.force_login(instructeur_du)
    reponse = client.get(_url(Cote.INSTRUCTION, dossier))
    assert reponse.status_code == 200
    assert "2 nouveaux" in reponse.content.decode()
    assert reponse.content.decode().count(">Nouveau<") == 2
    assert messages_non_lus(instructeur_du, [dossier, autre]) == {dossier.pk: 0, autre.pk: 0}
    assert "nouveau" not in client.get(_url(Cote.INSTRUCTION, dossier)).content.decode().lower()

    # La réponse de l'instruction est un non-lu pour la structure.
    client.post(_url(Cote.INSTRUCTION, dossier), {"texte": "Réponse"})
    assert messages_non_lus(membre, [dossier]) == {dossier.pk: 1}
    client.force_login(membre)
    client.get(_url(Cote.CANDIDAT, dossier))
    assert messages_non_lus(membre, [dossier]) == {dossier.pk: 0}
    # Un message arrivé après la lecture redevient un non-lu.
    message_envoyer(dossier=dossier, par=instructeur_du, texte="Encore", cote=Cote.INSTRUCTION)
    assert messages_non_lus(membre, [dossier.pk]) == {dossier.pk: 1}


def test_les_non_lus_de_nombreux_dossiers_tiennent_en_une_requete(
    django_assert_num_queries, dossier, membre, instructeur_du
):
    dossiers = [dossier] + [dossier_depose(edition=dossier.edition) for _ in range(5)]
    for i, d in enumerate(dossiers):
        auteur = candidat(d.structure)
        for _ in range(i):
            message_envoyer(dossier=d, par=auteur, texte="Bonjour", cote=Cote.CANDIDAT)

    with django_assert_num_queries(1):
        comptes = messages_non_lus(instructeur_du, dossiers)
    assert comptes == {d.pk: i for i, d in enumerate(dossiers)}
    # Un QuerySet de dossiers reste une sous-requête : toujours une seule requête.
    with django_assert_num_queries(1):
        comptes = dict(messages_non_lus(instructeur_du, dossier.edition.dossiers.all()))
    assert comptes == {d.pk: i for i, d in enumerate(dossiers) if i}


def test_une_liste_de_dossiers_se_filtre_sur_ses_non_lus_sans_requete_de_plus(
    django_assert_num_queries, dossier, membre, instructeur_du
):
    calme = dossier_depose(edition=dossier.edition)
    message_envoyer(dossier=dossier, par=membre, texte="Un", cote=Cote.CANDIDAT)
    message_envoyer(dossier=dossier, par=membre, texte="Deux", cote=Cote.CANDIDAT)

    with django_assert_num_queries(1):
        lignes = dict(
            avec_non_lus(dossier.edition.dossiers.all(), instructeur_du).values_list(
                "pk", "messages_non_lus"
            )
        )
    assert lignes == {dossier.pk: 2, calme.pk: 0}
    a_lire = avec_non_lus(dossier.edition.dossiers.all(), instructeur_du).filter(
        messages_non_lus__gt=0
    )
    assert list(a_lire) == [dossier]


# --- Droits --------------------------------------------------------------------------------


def test_un_membre_d_une_autre_structure_ne_trouve_pas_le_dossier(client, dossier, membre):
    client.force_login(candidat())
    assert client.get(_url(Cote.CANDIDAT, dossier)).status_code == 404
    assert client.post(_url(Cote.CANDIDAT, dossier), {"texte": "Intrus"}).status_code == 404
    assert not Message.objects.exists()


def test_un_instructeur_d_une_autre_edition_est_refuse(client, dossier, instructeur):
    client.force_login(instructeur)  # instructeur, mais pas de cette édition
    assert client.get(_url(Cote.INSTRUCTION, dossier)).status_code == 403
    assert client.post(_url(Cote.INSTRUCTION, dossier), {"texte": "Intrus"}).status_code == 403
    assert not Message.objects.exists()


def test_un_membre_n_entre_pas_dans_la_messagerie_de_l_instruction(client, dossier, membre):
    client.force_login(membre)
    assert client.get(_url(Cote.INSTRUCTION, dossier)).status_code == 403


def test_l_anonyme_est_envoye_a_la_connexion(client, dossier):
    for cote in Cote.values:
        reponse = client.get(_url(cote, dossier))
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("account_login"))
    assert client.post(_url(Cote.CANDIDAT, dossier), {"texte": "x"}).status_code == 302
    assert not Message.objects.exists()


def test_l_envoi_exige_le_jeton_csrf(dossier, membre):
    client = Client(enforce_csrf_checks=True)
    client.force_login(membre)
    assert client.post(_url(Cote.CANDIDAT, dossier), {"texte": "Sans jeton"}).status_code == 403
    assert not Message.objects.exists()


def test_un_dossier_inexistant_repond_404(client, membre, instructeur_du):
    client.force_login(membre)
    assert client.get(reverse("projets:messages", kwargs={"dossier": 999999})).status_code == 404
    client.force_login(instructeur_du)
    assert (
        client.get(reverse("instruction:messages", kwargs={"dossier": 999999})).status_code == 404
    )


def test_un_brouillon_n_a_pas_encore_de_messagerie(client):
    brouillon = DossierFactory()
    membre = candidat(brouillon.structure)
    client.force_login(membre)

    page = client.get(_url(Cote.CANDIDAT, brouillon))
    assert page.status_code == 200
    assert "La messagerie s'ouvre au dépôt" in page.content.decode()
    assert "<textarea" not in page.content.decode()
    assert client.post(_url(Cote.CANDIDAT, brouillon), {"texte": "Tôt"}).status_code == 400
    with pytest.raises(ValidationError):
        message_envoyer(dossier=brouillon, par=membre, texte="Tôt", cote=Cote.CANDIDAT)
    assert not Message.objects.exists()


# --- Saisie ------------------------------------------------------------------------------------


def test_un_message_vide_est_refuse_en_francais(client, dossier, membre):
    client.force_login(membre)
    reponse = client.post(_url(Cote.CANDIDAT, dossier), {"texte": "   \n  "})

    assert reponse.status_code == 400
    assert "Écrivez votre message." in reponse.content.decode()
    assert not Message.objects.exists()
    assert not Notification.objects.filter(sorte__startswith="dossier_message").exists()


def test_un_message_trop_long_est_refuse_et_la_saisie_gardee(client, dossier, membre):
    client.force_login(membre)
    texte = "Un très long message. " * 300
    reponse = client.post(_url(Cote.CANDIDAT, dossier), {"texte": texte})

    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "5000 caractères au plus" in page
    assert texte.strip() in page
    assert 'aria-invalid="true"' in page
    assert not Message.objects.exists()


def test_le_html_d_un_message_est_echappe_et_les_retours_a_la_ligne_gardes(
    client, dossier, membre, instructeur_du
):
    texte = '<script>alert("x")</script>\nSeconde ligne & <b>gras</b>'
    message_envoyer(dossier=dossier, par=membre, texte=texte, cote=Cote.CANDIDAT)

    client.force_login(instructeur_du)
    page = client.get(_url(Cote.INSTRUCTION, dossier)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Seconde ligne &amp; " in page
    assert "<b>gras</b>" not in page
    courriel = Notification.objects.get(sorte="dossier_message_instruction")
    assert "<script>" not in courriel.corps_html
    assert "&lt;script&gt;" in courriel.corps_html


def test_la_limite_d_envoi_arrete_un_flot_de_messages_et_garde_le_texte(client, dossier, membre):
    client.force_login(membre)
    for i in range(PAR_DOSSIER.limite):
        assert client.post(_url(Cote.CANDIDAT, dossier), {"texte": f"n° {i}"}).status_code == 302

    reponse = client.post(_url(Cote.CANDIDAT, dossier), {"texte": "Un de trop"})
    assert reponse.status_code == 429
    assert "réessayez dans une heure" in reponse.content.decode()
    assert "Un de trop" in reponse.content.decode()
    assert Message.objects.count() == PAR_DOSSIER.limite


# --- Pièces jointes -----------------------------------------------------------------------------


def test_un_message_porte_ses_pieces_que_l_autre_cote_telecharge(
    client, dossier, membre, instructeur_du
):
    client.force_login(membre)
    reponse = client.post(
        _url(Cote.CANDIDAT, dossier),
        {
            "texte": "Voici le devis.",
            "fichiers": [
                SimpleUploadedFile("devis.pdf", ex.pdf()),
                SimpleUploadedFile("photo.png", ex.png()),
            ],
        },
    )

    assert reponse.status_code == 302
    message = Message.objects.get()
    pieces = list(message.pieces.order_by("nom"))
    assert [(p.nom, p.format, p.origine) for p in pieces] == [
        ("devis.pdf", "pdf", Origine.MESSAGE),
        ("photo.png", "png", Origine.MESSAGE),
    ]
    assert all(p.dossier_id == dossier.pk for p in pieces)
    courriel = Notification.objects.get(sorte="dossier_message_instruction")
    assert "devis.pdf" in courriel.corps_texte

    client.force_login(instructeur_du)
    page = client.get(_url(Cote.INSTRUCTION, dossier)).content.decode()
    lien = reverse("projets:piece", args=[pieces[0].pk])
    assert f'href="{lien}"' in page
    telechargement = client.get(lien)
    assert telechargement.status_code == 200
    assert b"".join(telechargement.streaming_content).startswith(b"%PDF")


def test_un_fichier_refuse_n_envoie_rien_et_garde_le_texte(client, dossier, membre):
    client.force_login(membre)
    reponse = client.post(
        _url(Cote.CANDIDAT, dossier),
        {
            "texte": "Mon texte à garder",
            "fichiers": [
                SimpleUploadedFile("devis.pdf", ex.pdf()),
                SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 500),
            ],
        },
    )

    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "« rapport.pdf »" in page
    assert "Mon texte à garder" in page
    assert 'id="id_message_fichiers_error"' in page
    assert not Message.objects.exists()
    assert not PieceJointe.objects.exists()
    assert not Notification.objects.filter(sorte__startswith="dossier_message").exists()


# --- Performance -------------------------------------------------------------------------------


@pytest.mark.parametrize("cote", Cote.values)
def test_le_fil_s_affiche_en_un_nombre_constant_de_requetes(
    client, django_assert_max_num_queries, dossier, membre, instructeur_du, cote
):
    autres = [candidat(dossier.structure) for _ in range(3)]
    fil = Message.objects.bulk_create(
        [
            Message(
                dossier=dossier,
                auteur=(autres + [instructeur_du])[i % 4],
                cote=Cote.INSTRUCTION if i % 4 == 3 else Cote.CANDIDAT,
                texte=f"Message {i}",
            )
            for i in range(120)
        ]
    )
    # Une pièce sur un message sur dix.
    for message in fil[::10]:
        piece = PieceJointe.objects.create(
            dossier=dossier,
            nom=f"piece-{message.pk}.pdf",
            format="pdf",
            taille=10,
            fichier=f"x/{message.pk}.pdf",
            origine=Origine.MESSAGE,
        )
        message.pieces.add(piece)
    client.force_login(membre if cote == Cote.CANDIDAT else instructeur_du)

    with django_assert_max_num_queries(11):
        reponse = client.get(_url(cote, dossier))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert page.count('class="commentaire"') == 120
    assert page.count("piece-") == 12
    with django_assert_max_num_queries(11):
        assert client.get(_url(cote, dossier)).status_code == 200
