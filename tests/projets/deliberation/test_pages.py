"""Les pages de la délibération : classement (filtre, ligne de l'enveloppe, requêtes
en nombre fixe), décision (erreurs à côté des champs, confirmation du dépassement),
délibérations, publication et procès-verbal (HTML et PDF)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from brest_numerique.notifications.models import Notification
from projets.deliberation import services
from projets.deliberation.models import Decision
from projets.models import Dossier, Statut
from tests.projets.deliberation.outils import conflit, en_jury, jures, noter, notes_en_masse
from tests.projets.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(instructeur):
    edition = EditionFactory(enveloppe=Decimal("2000"))
    edition.instructeurs.add(instructeur)
    return edition


@pytest.fixture
def staff(client, instructeur):
    client.force_login(instructeur)
    return client


def url(nom, *args):
    return reverse(f"instruction:{nom}", args=args)


def test_le_classement_montre_moyennes_a_la_francaise_ecart_et_ligne_de_l_enveloppe(staff, edition):
    premier, second = en_jury(edition, montant="1500"), en_jury(edition, montant="1000")
    a, b = jures(edition, 2)
    noter(premier, a, [5, 3])  # 4,2
    noter(premier, b, [3, 2])  # 2,6
    noter(second, a, [1, 1])

    reponse = staff.get(url("classement", edition.annee))

    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "3,40" in html and "0,80" in html and "1,00" in html
    assert html.index(premier.numero) < html.index("Fin de l'enveloppe") < html.index(second.numero)
    assert reverse("instruction:decider", args=[premier.pk]) in html


def test_un_theme_inconnu_donne_404_et_un_theme_de_l_edition_filtre(staff, edition):
    en_jury(edition)

    assert staff.get(url("classement", edition.annee), {"theme": "n-existe-pas"}).status_code == 404
    reponse = staff.get(url("classement", edition.annee), {"theme": "lien-social"})
    assert reponse.status_code == 200 and len(reponse.context["lignes"]) == 0


def test_le_classement_tient_en_dix_requetes_quelle_que_soit_la_taille(
    staff, edition, django_assert_max_num_queries
):
    notes_en_masse(edition, dossiers=60, nb_jures=5, criteres=4)

    with django_assert_max_num_queries(10):
        reponse = staff.get(url("classement", edition.annee))

    assert reponse.status_code == 200 and len(reponse.context["lignes"]) == 60
    assert all(ligne.nb_evaluations in (4, 5) for ligne in reponse.context["lignes"])


def test_un_instructeur_d_une_autre_edition_est_refuse(client, edition, instructeur):
    from brest_numerique.comptes.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.INSTRUCTEURS))
    dossier = en_jury(edition)

    assert client.get(url("classement", edition.annee)).status_code == 403
    assert client.get(url("decider", dossier.pk)).status_code == 403
    assert client.get(url("proces_verbal", edition.annee)).status_code == 403


def test_un_non_retenu_sans_motivation_reaffiche_le_formulaire_avec_l_erreur(staff, edition):
    dossier = en_jury(edition)

    reponse = staff.post(url("decider", dossier.pk), {"sens": "non_retenu", "motivation": ""})

    assert reponse.status_code == 400
    assert "motivation" in reponse.context["form"].errors
    assert reponse.context["form"]["sens"].value() == "non_retenu"
    assert 'id="id_motivation_error"' in reponse.content.decode()
    assert not Decision.objects.exists()


def test_le_depassement_montre_les_totaux_puis_s_enregistre_une_fois_confirme(staff, edition):
    deja, dossier = en_jury(edition), en_jury(edition)
    services.decider(deja, sens="retenu", montant_accorde=1500, forme_aide="subvention", par=None)
    saisie = {"sens": "retenu", "montant_accorde": "1000,50", "forme_aide": "subvention"}

    reponse = staff.post(url("decider", dossier.pk), saisie)

    assert reponse.status_code == 400
    html = reponse.content.decode().replace("\u00a0", " ")
    assert "2 500,50 €" in html and "2 000,00 €" in html
    assert 'name="confirmer_depassement"' in html
    assert 'value="1000,50"' in html  # la saisie est gardée

    reponse = staff.post(url("decider", dossier.pk), {**saisie, "confirmer_depassement": "on"})

    assert reponse.status_code == 302
    decision = Decision.objects.get(dossier=dossier)
    assert decision.depassement_confirme and decision.montant_accorde == Decimal("1000.50")


def test_enregistrer_une_deliberation_puis_publier_les_resultats(staff, edition, instructeur):
    vote, refuse = en_jury(edition), en_jury(edition)
    services.decider(
        vote, sens="retenu", montant_accorde=900, forme_aide="subvention", par=instructeur
    )
    services.decider(refuse, sens="non_retenu", motivation="Hors métropole.", par=instructeur)

    page = staff.get(url("deliberations", edition.annee))
    assert page.status_code == 200 and vote.numero in page.content.decode()

    refus = staff.post(url("deliberations", edition.annee), {"numero": "", "dossiers": []})
    assert refus.status_code == 400 and {"numero", "date_conseil", "dossiers"} <= set(
        refus.context["form"].errors
    )

    reponse = staff.post(
        url("deliberations", edition.annee),
        {"numero": "DEL-2026-42", "date_conseil": "2026-06-25", "dossiers": [str(vote.pk)]},
    )
    assert reponse.status_code == 302
    vote.refresh_from_db()
    assert vote.statut == Statut.VOTE

    reponse = staff.post(url("resultats_publier", edition.annee), follow=True)
    assert "Résultats publiés" in reponse.content.decode()
    assert Notification.objects.filter(sorte="projets_decision").count() == 2


def test_publier_trop_tot_donne_un_message_clair(staff, edition):
    en_jury(edition)

    reponse = staff.post(url("resultats_publier", edition.annee), follow=True)

    assert "ne peuvent pas encore être publiés" in reponse.content.decode()
    assert "attendent encore une décision" in reponse.content.decode()
    edition.refresh_from_db()
    assert edition.resultats_publies_le is None


def test_le_proces_verbal_montre_jury_conflits_classement_et_decisions(staff, edition, instructeur):
    dossier = en_jury(edition)
    a, b = jures(edition, 2)
    noter(dossier, a, [4, 4])
    conflit(dossier, b)
    services.decider(dossier, sens="non_retenu", motivation="Budget fragile.", par=instructeur)

    html = staff.get(url("proces_verbal", edition.annee)).content.decode()

    assert str(a) in html and str(b) in html
    assert "Je préside cette association." in html
    assert dossier.numero in html and "Non retenu" in html and "Budget fragile." in html
    assert "css/proces-verbal." in html

    pdf = staff.get(url("proces_verbal_pdf", edition.annee))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("nom", ["proces_verbal", "deliberations"])
def test_le_proces_verbal_et_les_deliberations_tiennent_en_requetes_constantes(
    staff, edition, instructeur, nom, django_assert_max_num_queries
):
    def decider_tout():
        for dossier in Dossier.objects.filter(edition=edition, statut=Statut.EN_JURY)[:4]:
            services.decider(
                dossier,
                sens="retenu",
                montant_accorde=100,
                forme_aide="subvention",
                par=instructeur,
                confirmer_depassement=True,
            )

    notes_en_masse(edition, dossiers=3, nb_jures=2, criteres=2)
    decider_tout()
    with django_assert_max_num_queries(20) as peu:
        assert staff.get(url(nom, edition.annee)).status_code == 200

    notes_en_masse(edition, dossiers=40, nb_jures=5, criteres=4)
    decider_tout()
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert staff.get(url(nom, edition.annee)).status_code == 200
